import type { Pool, PoolClient } from "pg";

// The decontamination check lifecycle: which status may follow which, and the one guarded
// setter every writer of decontam_check.status goes through (nobody else writes the column).
//
//   queued ──► running ──► done
//                 ├──────► failed ──► running (a pg-boss retry)
//                 └──────► running (a retry after its worker died mid-pass)
//
// A pass replaces its scope's hits in one transaction at its end, so running it again is
// always safe.

export const decontamStatuses = ["queued", "running", "done", "failed"] as const;
export type DecontamStatus = (typeof decontamStatuses)[number];

export const decontamTransitions: Record<DecontamStatus, readonly DecontamStatus[]> = {
  queued: ["running", "failed"],
  running: ["done", "failed", "running"],
  failed: ["running"],
  done: [],
};

export function assertDecontamTransitions(from: readonly DecontamStatus[], to: DecontamStatus): void {
  const illegal = from.filter((f) => !decontamTransitions[f].includes(to));
  if (illegal.length) throw new Error(`illegal decontam check transition: ${illegal.join(", ")} → ${to}`);
}

export interface DecontamResult {
  candidates?: number;
  total?: number;
  hits?: number;
  contaminated?: number;
  benchmarks?: unknown;
  errorMessage?: string | null;
}

/** Move a check from one of `from` to `to` (with what it found); false when it was elsewhere. */
export async function setDecontamStatus(db: Pick<Pool | PoolClient, "query">, id: number, from: readonly DecontamStatus[], to: DecontamStatus, r: DecontamResult = {}): Promise<boolean> {
  assertDecontamTransitions(from, to);
  const res = await db.query(
    `update decontam_check set status = $3::"DecontamStatus",
        started_at = case when $3 = 'running' then now() else started_at end,
        finished_at = case when $3 in ('done', 'failed') then now() else null end,
        candidates = coalesce($4, candidates), total = coalesce($5, total), hits = coalesce($6, hits),
        contaminated = coalesce($7, contaminated), benchmarks = coalesce($8::jsonb, benchmarks),
        error_message = case when $3 = 'failed' then $9 else null end
      where id = $1 and status = any($2::"DecontamStatus"[])`,
    [id, from, to, r.candidates ?? null, r.total ?? null, r.hits ?? null, r.contaminated ?? null, r.benchmarks === undefined ? null : JSON.stringify(r.benchmarks), r.errorMessage ?? null],
  );
  return (res.rowCount ?? 0) > 0;
}
