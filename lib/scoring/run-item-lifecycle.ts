import type { Pool, PoolClient } from "pg";

// The run item lifecycle: which status may follow which, and the one guarded setter every
// writer of run_item.status goes through (nobody else writes the column; an item is born
// 'pending' by its insert).
//
//   pending ──► done      (settlement: the candidate got its score)
//      └─────► failed    (settlement gave up on it, a deleted candidate, or the driver gave up
//                          after MAX_ATTEMPTS claims that never came back)
//
// Leases (leased_until, attempts) are not a status: a pending item is claimed and released
// many times on its way. Finishing an item also counts it into its run's `completed`, in the
// same statement, so the run's progress never disagrees with its items.

export const runItemStatuses = ["pending", "done", "failed"] as const;
export type RunItemStatus = (typeof runItemStatuses)[number];

export const runItemTransitions: Record<RunItemStatus, readonly RunItemStatus[]> = {
  pending: ["done", "failed"],
  done: [],
  failed: [],
};

/** Throws on a change the table does not allow: a bug in the caller, never a user error. */
export function assertRunItemTransitions(from: readonly RunItemStatus[], to: RunItemStatus): void {
  const illegal = from.filter((f) => !runItemTransitions[f].includes(to));
  if (illegal.length) throw new Error(`illegal run item transition: ${illegal.join(", ")} → ${to}`);
}

type Queryable = Pick<Pool | PoolClient, "query">;

export interface RunItemFinish {
  candidateId: number;
  to: "done" | "failed";
  /** Why it failed (stored in run_item.error); null for done. */
  reason: string | null;
}

/**
 * The one guarded setter, set-based: moves each listed item of the run from 'pending' to its
 * `to` (items no longer pending are left alone: a concurrent settlement got there first) and
 * adds what it moved to scoring_run.completed. Returns how many became done and failed.
 */
export async function finishRunItems(q: Queryable, runId: number, items: readonly RunItemFinish[]): Promise<{ done: number; failed: number }> {
  if (items.length === 0) return { done: 0, failed: 0 };
  for (const to of new Set(items.map((i) => i.to))) assertRunItemTransitions(["pending"], to);
  const { rows } = await q.query<{ done: number; failed: number }>(
    `with finished as (
       update run_item i set status = u.status::"RunItemStatus", error = u.reason, leased_until = null
         from unnest($2::int[], $3::text[], $4::text[]) as u(id, status, reason)
        where i.run_id = $1 and i.candidate_id = u.id and i.status = 'pending'
       returning i.status),
     counted as (
       update scoring_run set completed = completed + (select count(*) from finished) where id = $1)
     select count(*) filter (where status = 'done')::int as done, count(*) filter (where status = 'failed')::int as failed
       from finished`,
    [runId, items.map((i) => i.candidateId), items.map((i) => i.to), items.map((i) => i.reason)],
  );
  return rows[0];
}
