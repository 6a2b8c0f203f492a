// What an import's status is called where people read it (the badge on the Imports pages, the
// CLI's `edgewise imports`). Pure and import-free: client components use it too.

export interface ImportStatusCounts {
  status: string;
  inserted: number;
  duplicates: number;
  rejected: number;
  /** Running, but its runner stopped beating: say so instead of "running". */
  stale?: boolean;
}

/**
 * The status, except where the bare word would mislead: a running import whose process
 * stopped beating is "not responding", and a finished import that kept nothing (every line
 * rejected, or an empty file) is not "done", so a failed pool is not mistaken for a loaded one.
 */
export function importStatusLabel({ status, inserted, duplicates, rejected, stale }: ImportStatusCounts): string {
  if (status === "running" && stale) return "not responding";
  if (status === "done" && inserted === 0 && duplicates === 0) return rejected ? "nothing imported" : "empty file";
  return status;
}
