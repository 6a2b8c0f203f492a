import { promptChat, withWeight } from "./messages";
import type { ExportRow } from "./row";

// DPO pairs from the stored samples of the run behind the score: chosen verified correct,
// rejected verified wrong (TRL's conversational preference shape). An item the model always
// or never solved has no pair: skipped and counted.
export function preferenceRecord(row: ExportRow) {
  if (!row.preference) return null;
  return withWeight(
    {
      prompt: promptChat(row),
      chosen: [{ role: "assistant" as const, content: row.preference.chosen }],
      rejected: [{ role: "assistant" as const, content: row.preference.rejected }],
    },
    row,
  );
}
