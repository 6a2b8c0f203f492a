import { z } from "zod";
import { dbId } from "@/lib/db/ids";

// Shapes of lib/export (docs/decisions/0018). A row is one frozen snapshot item as an export
// writer reads it: everything comes from snapshot_item (copies taken at freeze time), never
// from the live candidate, so a snapshot exports the same bytes forever.

export type ResponseSource = "sample" | "teacher" | "reference" | "none";
export type BandName = "too_easy" | "teachable" | "too_hard" | "unverifiable";

export interface SnapshotRow {
  snapshotId: number;
  domainId: number;
  /** The domain's slug (verl's `ability`, the HF dataset's config name). */
  domain: string;
  candidateId: number;
  prompt: string;
  referenceAnswer: string | null;
  /** The SFT response chosen in review; null when the accept chose none. */
  response: string | null;
  responseSource: ResponseSource;
  responseSampleId: string | null;
  passRate: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  k: number | null;
  passes: number | null;
  band: BandName | null;
  judgeScore: number | null;
  verifierKind: string;
  metadata: unknown;
  source: string | null;
  tokenEstimate: number;
  /** sha256 (hex) of prompt, reference and response: stable across exports. */
  itemHash: string;
}

export interface MixtureRow extends SnapshotRow {
  mixtureId: number;
  /** 1-based repetition of this row (epochs mode); always 1 in weights mode. */
  epoch: number;
  /** Per-domain weight (weights mode); null in epochs mode. */
  weight: number | null;
}

export interface SnapshotCounts {
  items: number;
  bySource: Record<ResponseSource, number>;
  byBand: Partial<Record<BandName | "unscored", number>>;
  /** Accepting reviewer (email, or id when the user is gone) → items. */
  reviewers: Record<string, number>;
}

export interface SnapshotRun {
  runId: number;
  phase: string;
  k: number;
  items: number;
  target: { id: number; name: string; model: string } | null;
  teacher: { id: number; name: string; model: string } | null;
  judge: { id: number; name: string; model: string } | null;
}

export interface SnapshotView {
  id: number;
  domainId: number;
  domain: string;
  domainName: string;
  version: number;
  createdBy: string;
  createdAt: Date;
  note: string | null;
  bandLow: number;
  bandHigh: number;
  settings: Record<string, unknown>;
  runs: SnapshotRun[];
  counts: SnapshotCounts;
  itemCount: number;
  tokenEstimate: number;
  contentHash: string;
}

export const freezeSchema = z.object({
  domain: z.string().trim().min(1).max(100),
  note: z.string().trim().max(2000).optional(),
});
export type FreezeInput = z.infer<typeof freezeSchema>;

export const listSnapshotsSchema = z.object({
  domain: z.string().trim().max(100).optional(),
  cursor: dbId.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const itemsPageSchema = z.object({
  cursor: z.coerce.number().int().nonnegative().max(2_147_483_647).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const mixtureModeSchema = z.enum(["epochs", "weights"]);
export type MixtureMode = z.infer<typeof mixtureModeSchema>;

export const mixtureEntrySchema = z.object({
  snapshotId: z.number().int().positive(),
  epochs: z.number().int().min(1).max(1000).optional(),
  weight: z.number().positive().max(1e6).optional(),
});

export const mixtureInputSchema = z.object({
  name: z.string().trim().min(1).max(200),
  mode: mixtureModeSchema,
  entries: z.array(mixtureEntrySchema).min(1).max(100),
  seed: z.number().int().min(0).max(2_147_483_647).optional(),
});
export type MixtureInput = z.infer<typeof mixtureInputSchema>;

export interface MixturePreviewDomain {
  snapshotId: number;
  domainId: number;
  domain: string;
  snapshotVersion: number;
  items: number;
  /** Rows an export writes: items × epochs (epochs mode) or items (weights mode). */
  rows: number;
  tokens: number;
  epochs: number | null;
  weight: number | null;
  /** This domain's share of the mixture: of rows (epochs) or of weighted rows (weights). */
  share: number;
}

export interface MixturePreview {
  mode: MixtureMode;
  perDomain: MixturePreviewDomain[];
  rows: number;
  tokens: number;
}

export interface MixtureView extends MixturePreview {
  id: number;
  name: string;
  version: number;
  createdBy: string;
  createdAt: Date;
  seed: number | null;
}
