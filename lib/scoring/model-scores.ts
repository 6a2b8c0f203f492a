import type { PoolClient } from "pg";
import type { RunContext } from "./context";
import type { ModelScore } from "./difficulty";
import type { ModelResult } from "./plan";
import { passRateOf, wilson } from "./stats";

// Settlement's part for several target models (issue 15): each model's result becomes a
// candidate_model_score row, and the domain's basis turns them into the candidate's difficulty
// (what candidate_score stores and the band follows). Kept beside record.ts so the one write
// path stays one file's worth of SQL.

/** The run's model results with their endpoints (position → the run's target endpoint). */
export const modelScoresOf = (ctx: RunContext, models: readonly ModelResult[]): ModelScore[] =>
  models.map((m) => ({ endpointId: ctx.targets[m.position].id, position: m.position, passes: m.passes, k: m.k }));

/**
 * Replace the per-model rows of the settled candidates with this run's (an unverifiable
 * candidate keeps none). candidate_score rows must exist already (foreign key).
 */
export async function writeModelScores(
  client: PoolClient,
  ctx: RunContext,
  settled: readonly { id: number; models: readonly ModelScore[] }[],
): Promise<void> {
  if (settled.length === 0) return;
  await client.query("delete from candidate_model_score where candidate_id = any($1::int[])", [settled.map((s) => s.id)]);
  const rows = settled.flatMap((s) => s.models.map((m) => ({ id: s.id, ...m })));
  if (rows.length === 0) return;
  const ci = rows.map((r) => (r.k > 0 ? wilson(r.passes, r.k) : null));
  await client.query(
    `insert into candidate_model_score (candidate_id, endpoint_id, domain_id, run_id, position, passes, k, pass_rate, ci_low, ci_high)
     select u.id, u.endpoint, $1, $2, u.position, u.passes, u.k, u.rate, u.low, u.high
       from unnest($3::int[], $4::int[], $5::int[], $6::int[], $7::int[], $8::float8[], $9::float8[], $10::float8[])
            as u(id, endpoint, position, passes, k, rate, low, high)`,
    [
      ctx.domainId, ctx.run.id, rows.map((r) => r.id), rows.map((r) => r.endpointId), rows.map((r) => r.position),
      rows.map((r) => r.passes), rows.map((r) => r.k), rows.map((r) => passRateOf(r.passes, r.k)),
      ci.map((c) => c?.low ?? null), ci.map((c) => c?.high ?? null),
    ],
  );
}
