import { pool } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { poolConditions, unscoredCondition } from "./pool";
import { runFiltersSchema, type RunCounters } from "./schema";
import { bands, projectCount, type Band } from "./stats";

// Read-side numbers of one run: live progress, and the exploration projection. Each is a
// handful of single statements over indexed columns, cheap enough to poll every second.

export interface RunProgress extends RunCounters {
  runId: number;
  status: string;
  done: number;
  failed: number;
  pending: number;
  /** Leased by a driver right now. */
  inFlight: number;
  /**
   * Live run: since it started (to its end). Batch run: the time spent ingesting its files,
   * each from upload start to ingest end (summed from the scoring.batch.import audit events),
   * so the wait for the provider's file does not dilute the rate.
   */
  elapsedSeconds: number;
  /** Stored samples per second over elapsedSeconds. */
  samplesPerSecond: number;
  candidatesPerSecond: number;
  /** Seconds to go at the current rate; null when unknown. */
  etaSeconds: number | null;
  bands: Record<Band, number>;
}

export async function runProgress(runId: number): Promise<RunProgress> {
  const { rows } = await pool().query(
    `select r.id, r.status::text as status, r.mode::text as mode, r.total, r.completed, r.samples, r.sample_errors, coalesce(r.errors_by_kind, '{}'::jsonb) as errors_by_kind,
            r.prompt_tokens::float8 as prompt_tokens, r.completion_tokens::float8 as completion_tokens, r.cost_usd,
            r.reasoning_tokens::float8 as reasoning_tokens, r.truncated_samples,
            case when r.mode = 'batch'
              then (select coalesce(sum((a.details->>'ms')::float8), 0) / 1000 from audit_event a
                     where a.action = 'scoring.batch.import' and a.target_type = 'scoring_run' and a.target_id = r.id::text)
              else extract(epoch from coalesce(r.finished_at, now()) - coalesce(r.started_at, now()))::float8 end as elapsed,
            (select json_object_agg(status, n) from (select status::text, count(*)::int as n from run_item where run_id = r.id group by status) s) as items,
            (select count(*)::int from run_item where run_id = r.id and status = 'pending' and leased_until > now()) as in_flight,
            (select json_object_agg(band, n) from (select band::text, count(*)::int as n from candidate_score
               where domain_id = r.domain_id and run_id = r.id group by band) b) as bands
       from scoring_run r where r.id = $1`,
    [runId],
  );
  const r = rows[0];
  if (!r) throw notFound(`Scoring run #${runId}`);
  const items: Record<string, number> = r.items ?? {};
  const elapsed = Math.max(0, r.elapsed);
  const perSecond = (x: number) => (elapsed > 0 ? x / elapsed : 0);
  const pending = items.pending ?? 0;
  const rate = perSecond(r.completed);
  return {
    runId, status: r.status, total: r.total, completed: r.completed, done: items.done ?? 0, failed: items.failed ?? 0,
    pending, inFlight: r.in_flight, samples: r.samples, sampleErrors: r.sample_errors, errorsByKind: r.errors_by_kind,
    promptTokens: r.prompt_tokens, completionTokens: r.completion_tokens, costUsd: r.cost_usd, elapsedSeconds: elapsed,
    reasoningTokens: r.reasoning_tokens, truncatedSamples: r.truncated_samples,
    samplesPerSecond: perSecond(r.samples), candidatesPerSecond: rate,
    // A batch run's remaining time is the provider's, not ours to estimate.
    etaSeconds: r.status === "running" && r.mode !== "batch" && rate > 0 ? pending / rate : null,
    bands: Object.fromEntries(bands.map((b) => [b, r.bands?.[b] ?? 0])) as Record<Band, number>,
  };
}

export interface ExplorationProjection {
  runId: number;
  /** Candidates of the sample that have a score. */
  scored: number;
  /**
   * Pass-rate histogram of the sample at the run's k: one bar per pass count. A candidate whose
   * errors left fewer verified samples lands in the nearest bar (as in passRateHistogram), so
   * bars of 3/7 and 3/8 never sit side by side.
   */
  histogram: { passes: number; k: number; passRate: number; count: number }[];
  bands: Record<Band, number>;
  /** The whole filtered pool, and the part not yet scored under these settings. */
  poolSize: number;
  remaining: number;
  teachableShare: number;
  /**
   * Projected teachable candidates in the whole pool: those already counted plus the share of
   * the rest, with a Wilson 95% interval corrected for the finite pool (projectCount).
   */
  projectedTeachable: { estimate: number; low: number; high: number };
  /** Projected for scoring the remaining pool at the sample's mean per candidate. */
  projectedTokens: { prompt: number; completion: number };
  projectedCostUsd: number;
}

export async function explorationProjection(runId: number): Promise<ExplorationProjection> {
  const { rows: runRows } = await pool().query(
    `select id, domain_id, k, filters, settings_hash, completed, prompt_tokens::float8 as prompt_tokens,
            completion_tokens::float8 as completion_tokens, cost_usd from scoring_run where id = $1`,
    [runId],
  );
  const run = runRows[0];
  if (!run) throw notFound(`Scoring run #${runId}`);
  const filters = runFiltersSchema.parse(run.filters ?? {});
  const params: unknown[] = [];
  const where = poolConditions(run.domain_id, filters, params);
  const unscored = unscoredCondition(run.settings_hash, params);
  const [hist, sizes] = await Promise.all([
    pool().query<{ passes: number; k: number; band: Band; n: number }>(
      `select round(pass_rate * $3)::int as passes, case when pass_rate is null then 0 else $3::int end as k, band::text as band, count(*)::int as n
         from candidate_score where domain_id = $1 and run_id = $2 group by 1, 2, band order by 2, 1`,
      [run.domain_id, runId, run.k],
    ),
    pool().query<{ pool: number; remaining: number }>(
      `select count(*)::int as pool, count(*) filter (where ${unscored})::int as remaining from candidate c where ${where}`,
      params,
    ),
  ]);
  const bandCounts = Object.fromEntries(bands.map((b) => [b, 0])) as Record<Band, number>;
  const histogram: ExplorationProjection["histogram"] = [];
  for (const h of hist.rows) {
    bandCounts[h.band] += h.n;
    if (h.k > 0) histogram.push({ passes: h.passes, k: h.k, passRate: h.passes / h.k, count: h.n });
  }
  const scored = Object.values(bandCounts).reduce((a, b) => a + b, 0);
  const { pool: poolSize, remaining } = sizes.rows[0];
  const share = scored > 0 ? bandCounts.teachable / scored : 0;
  const perCandidate = (x: number) => (run.completed > 0 ? x / run.completed : 0);
  return {
    runId, scored, histogram, bands: bandCounts, poolSize, remaining, teachableShare: share,
    projectedTeachable: projectCount(bandCounts.teachable, scored, poolSize),
    projectedTokens: { prompt: Math.round(perCandidate(run.prompt_tokens) * remaining), completion: Math.round(perCandidate(run.completion_tokens) * remaining) },
    projectedCostUsd: perCandidate(run.cost_usd) * remaining,
  };
}

/** Why a run's candidates failed: each distinct reason, how many, and the first few of them. */
export interface RunFailure {
  reason: string;
  count: number;
  /** Up to FAILURE_EXAMPLES candidate ids, lowest first. */
  candidateIds: number[];
}
export const FAILURE_EXAMPLES = 5;

/**
 * A run's failed items grouped by reason, most frequent first (at most 20 reasons). The reasons
 * are few and fixed in shape ("all 8 samples failed (rate_limited ×8)", "left out: …"), so the
 * group stays small even when an outage failed every item; the (run_id, status) index finds them.
 */
export async function runFailures(runId: number): Promise<RunFailure[]> {
  const { rows } = await pool().query<RunFailure>(
    `select coalesce(error, 'no reason recorded') as reason, count(*)::int as count,
            (array_agg(candidate_id order by candidate_id))[1:$2] as "candidateIds"
       from run_item where run_id = $1 and status = 'failed'
      group by 1 order by 2 desc, 1 limit 20`,
    [runId, FAILURE_EXAMPLES],
  );
  return rows;
}
