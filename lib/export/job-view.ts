import type { ExportFormat } from "./formats";

// Shapes of export jobs shared by lib/export and the Exports page (pure: no I/O, so components
// may import them).

export type ExportStatus = "queued" | "running" | "done" | "failed";

/** One written file of an export, as the manifest and the job list it. */
export interface WrittenFile {
  /** Relative to the export directory, with "/" (data/train-00000-of-00001.parquet). */
  name: string;
  bytes: number;
  sha256: string;
  /** Data rows in it (null for the dataset card and the manifest). */
  rows: number | null;
}

export interface ExportJobView {
  id: number;
  snapshotId: number | null;
  mixtureId: number | null;
  format: ExportFormat;
  parquet: boolean;
  hf: boolean;
  shuffleSeed: number | null;
  status: ExportStatus;
  rowsDone: number;
  rowsTotal: number;
  files: WrittenFile[];
  errorMessage: string | null;
  attempts: number;
  createdBy: string;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** Set once the retention sweep deleted the files (`afterDays` after the export finished). */
  filesRemoved: { at: string; afterDays: number } | null;
}
