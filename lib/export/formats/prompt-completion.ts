import { promptChat, withWeight } from "./messages";
import type { ExportRow } from "./row";

// TRL's conversational prompt-completion shape: the loss covers the completion only.
export function promptCompletionRecord(row: ExportRow) {
  if (!row.response) return null;
  return withWeight(
    { prompt: promptChat(row), completion: [{ role: "assistant" as const, content: row.response.text }] },
    row,
  );
}
