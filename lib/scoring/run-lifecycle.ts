import type { Pool, PoolClient } from "pg";
import type { RunStatus } from "./schema";

// The scoring run lifecycle: which status may follow which, and the one guarded setter that
// every writer of scoring_run.status goes through (nobody else writes the column; a run is
// born 'queued', or 'running' for a batch run, by its insert).
//
//   queued ──► running ──► done | failed          (the driver, or batch import, settles the last item)
//     │ │        │ ▲ └──► running                  (a driver (re)starts: a retried or successor job)
//     │ │        ▼ │
//     │ └────► paused ──► cancelled                (a person: pause, resume, cancel)
//     ├──► cancelled ◄── running
//     └──► done | failed                           (nothing to score: an empty run at creation)
//
// Pausing or cancelling also gives every leased item back in the same statement: a driver
// notices the stop within its status poll and aborts what it has in flight (driver.ts), but
// the items must not wait for that, nor for a dead driver's lease to run out.

export const runTransitions: Record<RunStatus, readonly RunStatus[]> = {
  queued: ["running", "paused", "cancelled", "done", "failed"],
  running: ["running", "paused", "cancelled", "done", "failed"],
  paused: ["running", "cancelled"],
  done: [],
  failed: [],
  cancelled: [],
};

/** States a run does not leave: nothing will score it any more. */
export const isFinalRunStatus = (s: RunStatus | string): boolean => runTransitions[s as RunStatus]?.length === 0;

/** Throws on a change the table does not allow: a bug in the caller, never a user error. */
export function assertRunTransitions(from: readonly RunStatus[], to: RunStatus): void {
  const illegal = from.filter((f) => !runTransitions[f].includes(to));
  if (illegal.length) throw new Error(`illegal scoring run transition: ${illegal.join(", ")} → ${to}`);
}

type Queryable = Pick<Pool | PoolClient, "query">;

export interface RunStatusChange {
  from: readonly RunStatus[];
  to: RunStatus;
  /** Only when no item is pending any more (settling the last one). */
  onlyWhenSettled?: boolean;
  /** Set error_message (undefined leaves it as it is). */
  errorMessage?: string | null;
}

const STOPS: readonly RunStatus[] = ["paused", "cancelled"];

/**
 * The one guarded setter: `update … where id = $1 and status = any($from)` plus the change's
 * guard. started_at is set on the first start, finished_at on reaching a final state. True
 * when it changed the run; false when the run was not in a state that allows it.
 */
export async function setRunStatus(q: Queryable, id: number, change: RunStatusChange): Promise<boolean> {
  assertRunTransitions(change.from, change.to);
  const { rows } = await q.query<{ n: number }>(
    `with changed as (
       update scoring_run set
         status = $2::"RunStatus",
         started_at = case when $2 = 'running' then coalesce(started_at, now()) else started_at end,
         finished_at = case when $3 then now() else finished_at end,
         error_message = case when $4 then $5 else error_message end
       where id = $1 and status = any($6::"RunStatus"[])
         and (not $7 or not exists (select 1 from run_item where run_id = $1 and status = 'pending'))
       returning id),
     released as (
       update run_item set leased_until = null
        where $8 and run_id = $1 and status = 'pending' and leased_until is not null and exists (select 1 from changed))
     select count(*)::int as n from changed`,
    [
      id,
      change.to,
      isFinalRunStatus(change.to),
      change.errorMessage !== undefined,
      change.errorMessage ?? null,
      change.from,
      change.onlyWhenSettled ?? false,
      STOPS.includes(change.to),
    ],
  );
  return rows[0].n > 0;
}
