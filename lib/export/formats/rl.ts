import { promptChat, withWeight } from "./messages";
import type { ExportRow } from "./row";

// verl's row shape (data_source, prompt, ability, reward_model, extra_info). TRL GRPO reward
// functions read the same columns; OpenRLHF: --input_key prompt --label_key reward_model.
// A row with no reference cannot be rewarded by a rule: it is skipped.
export function rlRecord(row: ExportRow) {
  if (row.referenceAnswer === null) return null;
  return withWeight(
    {
      data_source: `edgewise/${row.domain}`,
      prompt: promptChat(row),
      ability: row.domain,
      reward_model: { style: "rule" as const, ground_truth: row.referenceAnswer },
      extra_info: {
        candidate_id: row.candidateId,
        pass_rate: row.passRate,
        k: row.k,
        band: row.band,
        verifier_kind: row.verifierKind,
      },
    },
    row,
  );
}
