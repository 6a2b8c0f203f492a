import { withWeight } from "./messages";
import type { ExportRow } from "./row";

// Everything the snapshot knows about an item, for audits and for building other formats
// outside Edgewise. Never skips a row.
export function fullRecord(row: ExportRow) {
  return withWeight(
    {
      candidate_id: row.candidateId,
      domain: row.domain,
      prompt: row.prompt,
      reference_answer: row.referenceAnswer,
      response: row.response
        ? { text: row.response.text, source: row.response.source, sample_id: row.response.sampleId }
        : null,
      score: {
        run_id: row.runId,
        pass_rate: row.passRate,
        ci: [row.ciLow, row.ciHigh],
        k: row.k,
        passes: row.passes,
        band: row.band,
        judge_score: row.judgeScore,
        verifier_kind: row.verifierKind,
      },
      source: row.source,
      metadata: row.metadata ?? null,
      review: row.trail ? { decisions: row.trail.decisions, edits: row.trail.edits } : null,
      lineage: row.trail?.lineage ? { parent_id: row.trail.lineage.parentId, kind: row.trail.lineage.kind } : null,
    },
    row,
  );
}
