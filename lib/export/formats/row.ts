// The one row every export format reads: a frozen snapshot item (h/snap's snapshot_item) as
// the export's row source yields it. The writers are pure functions of this row, so a
// snapshot export, a mixture export and the unit tests feed them the same shape.

export type ExportBand = "too_easy" | "teachable" | "too_hard" | "unverifiable";

/** The response chosen in review (docs/decisions/0017): a sample, the teacher's answer or the reference. */
export interface ChosenResponse {
  text: string;
  source: string;
  sampleId: string | null;
}

/** A verified-correct and a verified-wrong target sample of the run behind the score. */
export interface PreferencePair {
  chosen: string;
  rejected: string;
}

/** Only for `full`: what review did to the item, and where it came from. */
export interface ReviewTrail {
  decisions: Array<{ reviewer: string; decision: string; reason: string | null; note: string | null; at: string }>;
  edits: Array<{ editor: string; field: string; before: string | null; after: string | null; at: string }>;
  lineage: { parentId: number; kind: string } | null;
}

export interface ExportRow {
  candidateId: number;
  /** Domain slug: verl's data_source suffix and `ability`. */
  domain: string;
  prompt: string;
  /** The written reference, or the teacher's proxy reference when the candidate had none. */
  referenceAnswer: string | null;
  response: ChosenResponse | null;
  passRate: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  k: number | null;
  passes: number | null;
  band: ExportBand | null;
  judgeScore: number | null;
  /** The domain's answer kind: math | mcq | exact | code | judge. */
  verifierKind: string;
  metadata: unknown;
  source: string | null;
  /** The scoring run whose samples decided the score. */
  runId: number | null;
  /** Mixtures exported with weights carry the domain's weight on every row. */
  weight?: number;
  /** Present when the row source was asked for pairs (the `preference` format); null = none. */
  preference?: PreferencePair | null;
  /** Present when the row source was asked for the review trail (the `full` format). */
  trail?: ReviewTrail;
}
