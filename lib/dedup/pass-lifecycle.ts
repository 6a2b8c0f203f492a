import type { Pool, PoolClient } from "pg";

// The near-duplicate pass lifecycle: the table of allowed transitions and the one guarded
// setter every writer of neardup_pass.status goes through.
//
//   queued ──► running ──► done
//     │          ├──────► failed ──► queued (retry)
//     │          └──────► queued (its runner died: the sweep queues it again)
//     └──► failed

export const passStatuses = ["queued", "running", "done", "failed"] as const;
export type PassStatus = (typeof passStatuses)[number];

export const passTransitions: Record<PassStatus, readonly PassStatus[]> = {
  queued: ["running", "failed"],
  running: ["done", "failed", "queued"],
  failed: ["queued"],
  done: [],
};

/** A runner that has not beaten for this long is dead (it beats at every chunk, ~1 s). */
export const PASS_DEAD_SECONDS = 120;

type Q = Pick<Pool | PoolClient, "query">;

export function assertPassTransition(from: readonly PassStatus[], to: PassStatus): void {
  const illegal = from.filter((f) => !passTransitions[f].includes(to));
  if (illegal.length) throw new Error(`illegal near-dup pass transition: ${illegal.join(", ")} → ${to}`);
}

export interface PassChange {
  from: readonly PassStatus[];
  to: PassStatus;
  /** Leave 'running' only when its heartbeat is stale (a sweep taking over a dead runner). */
  onlyIfDead?: boolean;
  result?: unknown;
  errorMessage?: string | null;
}

/** The one guarded setter; true when the pass was in `from` (and dead, if asked) and moved. */
export async function setPassStatus(q: Q, id: number, change: PassChange): Promise<boolean> {
  assertPassTransition(change.from, change.to);
  const { rowCount } = await q.query(
    `update neardup_pass set
       status = $2::"NearDupPassStatus",
       started_at = case when $2 = 'running' then now() else started_at end,
       heartbeat_at = case when $2 = 'running' then now() else heartbeat_at end,
       finished_at = case when $2 in ('done', 'failed') then now() else null end,
       phase = case when $2 = 'running' then 'hashing' else null end,
       result = coalesce($3::jsonb, result),
       error_message = $4
     where id = $1 and status = any($5::"NearDupPassStatus"[])
       and (not $6 or status <> 'running' or coalesce(heartbeat_at, started_at) < now() - make_interval(secs => $7))`,
    [id, change.to, change.result === undefined ? null : JSON.stringify(change.result), change.errorMessage ?? null, change.from, change.onlyIfDead ?? false, PASS_DEAD_SECONDS],
  );
  return rowCount === 1;
}

/** Progress of a running pass (also its heartbeat). */
export async function beatPass(q: Q, id: number, p: { phase?: string; done?: number; total?: number }): Promise<void> {
  await q.query(
    `update neardup_pass set heartbeat_at = now(), phase = coalesce($2, phase), done = coalesce($3, done), total = coalesce($4, total)
      where id = $1 and status = 'running'`,
    [id, p.phase ?? null, p.done ?? null, p.total ?? null],
  );
}
