// What the import page's client components read from GET /api/imports/:id.
export interface ImportBatchLive {
  id: number;
  fileName: string;
  status: "queued" | "running" | "done" | "failed" | "cancelled" | "interrupted" | "discarded";
  bytesTotal: number | null;
  bytesRead: number;
  linesRead: number;
  inserted: number;
  duplicates: number;
  rejected: number;
  errorMessage: string | null;
  startedAt: Date | string | null;
  finishedAt: Date | string | null;
  runner: string | null;
  heartbeatAgeSeconds: number | null;
  /** Running, but no heartbeat within the dead threshold. */
  stale: boolean;
  /** Failed or interrupted, and its upload is still on the server. */
  retryable: boolean;
  resumeCommand: string | null;
  /** Discarded: how many candidates went, by whom, when. */
  discardedCount: number | null;
  discardedBy: string | null;
  discardedAt: Date | string | null;
}

export const isLive = (s: ImportBatchLive["status"]) => s === "queued" || s === "running";
