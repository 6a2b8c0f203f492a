import type { PoolClient } from "pg";

// A run's target models after the primary (issue 15): run_target positions 1, 2, … in the
// order given. The primary stays scoring_run.target_endpoint_id (position 0), so a run with
// one target has no rows here, like every run before there could be several.

/** In the caller's transaction: record the run's other target models, in order. */
export async function insertRunTargets(c: Pick<PoolClient, "query">, runId: number, otherEndpointIds: readonly number[]): Promise<void> {
  if (otherEndpointIds.length === 0) return;
  await c.query(
    "insert into run_target (run_id, position, endpoint_id) select $1, p, e from unnest($2::int[]) with ordinality as u(e, p)",
    [runId, otherEndpointIds],
  );
}
