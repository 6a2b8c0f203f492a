import { pool } from "@/lib/db/client";

// The dashboards' counters (docs/decisions/0028). Triggers on candidate, candidate_score and
// review_item (migration 20261207101910_stat_counters) append signed deltas to stat_delta in
// the writer's own transaction, so a count is exactly as committed as the rows it counts.
// Readers sum a domain's deltas (lib/stats/*.ts): a few hundred rows instead of a domain's
// 450k scores. Between foldings the deltas of recent writes pile up; folding them keeps the
// read small, and changes no sum.
//
//   kind 'pool'    one row per candidate                         → pool size
//   kind 'score'   per (pass_rate, band) of candidate_score      → bands, histogram totals, band preview
//   kind 'review'  per (pass_rate, band, status) of review_item  → reviewed / accepted, histogram stacks,
//                  (band null: the item has no score)              coverage, queue depth
//
// status is stat_review_status(state, outcome): open | adjudication | accepted | rejected.

/** How often the worker folds the deltas (lib/jobs/worker.ts). */
export const compactEveryMs = 15_000;

/**
 * Fold each counter's delta rows into one (dropping counters that sum to zero). Safe beside
 * writers (they only insert) and beside another folding (a row is deleted, so summed, once).
 * Returns how many delta rows it folded.
 */
export async function compactStatDeltas(): Promise<number> {
  const { rows } = await pool().query<{ folded: number }>(
    `with keyed as (
       select id, n, count(*) over (partition by domain_id, kind, pass_rate, band, status) as rows from stat_delta),
     gone as (
       delete from stat_delta x using keyed k where x.id = k.id and (k.rows > 1 or k.n = 0)
       returning x.domain_id, x.kind, x.pass_rate, x.band, x.status, x.n),
     folded as (
       insert into stat_delta (domain_id, kind, pass_rate, band, status, n)
       select domain_id, kind, pass_rate, band, status, sum(n) from gone
        group by domain_id, kind, pass_rate, band, status having sum(n) <> 0)
     select count(*)::int as folded from gone`,
  );
  return rows[0].folded;
}
