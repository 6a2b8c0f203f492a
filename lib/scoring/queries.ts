import { pool } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { SIM_GUESS_MARK } from "@/lib/models/simulator/unknown";
import type { SampleRow } from "./record";
import { bandOf, bands, type Band } from "./stats";
import { runBasisKSql, type DifficultyBasis, type ModelScore } from "./difficulty";

// Read-side SQL for the evidence views: one statement per question, each served by an index
// of candidate_score / sample / candidate_lineage, so the pages stay fast at 1.4M candidates.

/** A stored sample as the evidence view shows it: the driver's row, plus which run took it. */
export type SampleView = Omit<SampleRow, "candidateId"> & { runId: number };

export interface ScoreView {
  runId: number;
  passes: number;
  k: number;
  passRate: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  band: Band;
  proxyReference: string | null;
  teacherAgreement: number | null;
  judgeScore: number | null;
  scoredAt: string;
  /** Each target model's pass rate from the same run, primary first (issue 15); empty when unverifiable. */
  models: ModelPassRate[];
  /** The domain's difficulty basis: which of `models` defines passRate and band. */
  basis: DifficultyBasis;
}

export interface ModelPassRate extends ModelScore {
  name: string;
  model: string;
  passRate: number | null;
}

export interface LineageLink {
  id: number;
  kind: string;
  stage: string;
  preview: string;
  band: Band | null;
}

export interface CandidateEvidence {
  score: ScoreView | null;
  /** The samples behind the current score (or, unscored, of the latest run that sampled it). */
  samples: SampleView[];
  /** The candidate this one was rewritten from, if it is a synthetic variant. */
  parent: LineageLink | null;
  /** Variants rewritten from this one. */
  variants: LineageLink[];
}

// Enough for k=8 plus teacher and judge samples at generous settings; a pathological run with
// more samples per candidate shows the first ones.
const MAX_SAMPLES = 200;

const LINK = (alias: string, lin: string) => `json_build_object(
  'id', ${alias}.id, 'kind', ${lin}.kind, 'stage', ${alias}.stage::text, 'preview', left(${alias}.prompt, 160),
  'band', (select band::text from candidate_score where candidate_id = ${alias}.id))`;

/**
 * Score, samples and lineage both ways for one candidate, in one statement. Samples come from
 * the run that produced the current score, so they always explain the pass rate shown.
 */
export async function candidateEvidence(candidateId: number): Promise<CandidateEvidence> {
  const { rows } = await pool().query<{ found: boolean } & CandidateEvidence>(
    `with s as (select * from candidate_score where candidate_id = $1),
          r as (select coalesce((select run_id from s), (select max(run_id) from sample where candidate_id = $1)) as run_id)
     select exists (select 1 from candidate where id = $1) as found,
       (select json_build_object(
          'runId', run_id, 'passes', passes, 'k', k, 'passRate', pass_rate, 'ciLow', ci_low, 'ciHigh', ci_high,
          'band', band::text, 'proxyReference', proxy_reference, 'teacherAgreement', teacher_agreement,
          'judgeScore', judge_score, 'scoredAt', scored_at,
          'models', coalesce((select json_agg(json_build_object('endpointId', m.endpoint_id, 'position', m.position, 'passes', m.passes,
                       'k', m.k, 'passRate', m.pass_rate, 'name', coalesce(e.name, 'endpoint #' || m.endpoint_id), 'model', coalesce(e.model, ''))
                       order by m.position)
                       from candidate_model_score m left join model_endpoint e on e.id = m.endpoint_id where m.candidate_id = $1), '[]'::json),
          'basis', (select json_build_object('basis', coalesce(dd.basis::text, 'primary'), 'endpointId', dd.endpoint_id)
                      from (select 1) one left join domain_difficulty dd on dd.domain_id = s.domain_id)) from s) as score,
       coalesce((select json_agg(x order by x.role_order, x."targetPosition", x."index") from (
          select run_id as "runId", role::text as role, target_position as "targetPosition", "index", response, extracted, correct, reason, score,
                 prompt_tokens as "promptTokens", completion_tokens as "completionTokens", latency_ms as "latencyMs",
                 error_kind as "errorKind", error, reasoning, reasoning_tokens as "reasoningTokens", finish_reason as "finishReason",
                 case role when 'target' then 0 when 'teacher' then 1 else 2 end as role_order
            from sample where candidate_id = $1 and run_id = (select run_id from r)
           order by role_order, target_position, "index" limit ${MAX_SAMPLES}) x), '[]'::json) as samples,
       (select ${LINK("p", "l")} from candidate_lineage l join candidate p on p.id = l.parent_id where l.child_id = $1) as parent,
       coalesce((select json_agg(${LINK("v", "l")} order by v.id)
          from candidate_lineage l join candidate v on v.id = l.child_id where l.parent_id = $1), '[]'::json) as variants`,
    [candidateId],
  );
  const row = rows[0];
  if (!row?.found) throw notFound(`Candidate #${candidateId}`);
  // json_agg keeps the helper column; the view does not need it.
  const samples = row.samples.map(({ role_order: _, ...s }: SampleView & { role_order?: number }) => s);
  return { score: row.score, samples, parent: row.parent, variants: row.variants };
}

export type BandCounts = Record<Band | "unscored", number>;

/**
 * Candidates of a domain per band, plus those never scored. Band counts are an index-only
 * count over candidate_score (domain_id, band); the total over candidate (domain_id, …).
 */
export async function domainBandCounts(domainId: number): Promise<BandCounts> {
  const { rows } = await pool().query<{ band: string; n: string }>(
    `select band::text as band, count(*) as n from candidate_score where domain_id = $1 group by band
     union all
     select 'total', count(*) from candidate where domain_id = $1`,
    [domainId],
  );
  const get = (b: string) => Number(rows.find((r) => r.band === b)?.n ?? 0);
  const counts = Object.fromEntries(bands.map((b) => [b, get(b)])) as BandCounts;
  counts.unscored = Math.max(0, get("total") - bands.reduce((sum, b) => sum + counts[b], 0));
  return counts;
}

export interface HistogramBin {
  /** Correct samples out of `k`: the bar for "3/8". */
  passes: number;
  label: string;
  count: number;
  /** The band a pass rate of passes/k falls into under the domain's current band. */
  band: Exclude<Band, "unverifiable">;
}

export interface PassRateHistogram {
  k: number;
  bins: HistogramBin[];
  /** Scored candidates without a pass rate (no reference and no teacher agreement). */
  unverifiable: number;
  bandLow: number;
  bandHigh: number;
  /**
   * Candidates of a domain scored at another k, left out of these bins (a pass rate of 3/8
   * and one of 2/4 are not the same bar): which k, and how many. Empty for a run.
   */
  otherK: { k: number; candidates: number }[];
}

// A run's current scores. Small runs (explorations) go through their items, a few index
// lookups; big ones scan their domain's scores, which beats ~N lookups past ~50k items
// (measured at 466k items on a busy 2-core box: domain scan 250–400 ms, item lookups 450–800
// ms; a 200-item run via its items: ~10 ms). One-time filters skip the other branch.
// k: what the scores' rates are out of (targets × k under a `mean` basis; difficulty.ts runBasisK).
const RUN_SCORES = `
  select s.pass_rate, ${runBasisKSql("r", "r.domain_id")} as k from run_item i join candidate_score s on s.candidate_id = i.candidate_id and s.run_id = i.run_id
    join scoring_run r on r.id = i.run_id
   where i.run_id = $1 and (select total from scoring_run where id = $1) <= 50000
  union all
  select s.pass_rate, (select ${runBasisKSql("r", "r.domain_id")} from scoring_run r where r.id = $1) from candidate_score s
   where s.domain_id = (select domain_id from scoring_run where id = $1) and s.run_id = $1
     and (select total from scoring_run where id = $1) > 50000`;

// A domain's current scores with the k of the run behind each: grouped per (run, pass rate)
// first, so the join to scoring_run is over a few hundred groups, not every score.
const DOMAIN_SCORES = `
  select g.pass_rate, ${runBasisKSql("r", "$1")} as k, g.n from (
    select run_id, pass_rate, count(*) as n from candidate_score where domain_id = $1 group by run_id, pass_rate) g
  join scoring_run r on r.id = g.run_id`;

/**
 * Pass-rate histogram of a domain's current scores, or of the scores a run produced, binned
 * at the run's k. A domain's scores may come from runs with different k: the bins are those
 * at one k (asked for, else the k most of its candidates were scored at), and `otherK` says
 * what was left out. A candidate whose errors left fewer than k verified samples lands in the
 * nearest bin.
 */
export async function passRateHistogram(scope: { domainId: number; k?: number } | { runId: number }): Promise<PassRateHistogram> {
  const byRun = "runId" in scope;
  const { rows } = await pool().query<{ latest_k: number; band_low: number; band_high: number; k: number | null; bin: number | null; n: string }>(
    `with ctx as (
       select d.id as domain_id, d.band_low, d.band_high,
              ${byRun ? `${runBasisKSql("r", "d.id")} as latest_k` : "coalesce((select k from scoring_run where domain_id = d.id order by created_at desc limit 1), 8) as latest_k"}
         from ${byRun ? "scoring_run r join domain d on d.id = r.domain_id where r.id = $1" : "domain d where d.id = $1"})
     select ctx.latest_k, ctx.band_low, ctx.band_high, b.k, b.bin, coalesce(b.n, 0) as n
       from ctx left join lateral (
         select x.k, round(x.pass_rate * x.k)::int as bin, sum(x.n) as n
           from (${byRun ? `select pass_rate, k, 1 as n from (${RUN_SCORES}) y` : DOMAIN_SCORES}) x
          group by 1, 2) b on true`,
    [byRun ? scope.runId : scope.domainId],
  );
  if (rows.length === 0) throw notFound(byRun ? `Run #${scope.runId}` : `Domain #${scope.domainId}`);
  const { band_low: bandLow, band_high: bandHigh } = rows[0];
  const perK = new Map<number, number>();
  for (const r of rows) if (r.k !== null) perK.set(r.k, (perK.get(r.k) ?? 0) + Number(r.n));
  const k = (!byRun && scope.k) || mostCommonK(perK) || rows[0].latest_k;
  const count = (bin: number | null) => Number(rows.find((r) => r.k === k && r.bin === bin)?.n ?? 0);
  const bins = Array.from({ length: k + 1 }, (_, passes): HistogramBin => ({
    passes,
    label: `${passes}/${k}`,
    count: count(passes),
    band: bandOf(passes / k, bandLow, bandHigh) as HistogramBin["band"], // never unverifiable: the rate is a number
  }));
  const otherK = [...perK].filter(([x]) => x !== k).map(([x, candidates]) => ({ k: x, candidates })).sort((a, b) => a.k - b.k);
  return { k, bins, unverifiable: count(null), bandLow, bandHigh, otherK };
}

/** The k most candidates were scored at (the larger on a tie); 0 when nothing is scored. */
function mostCommonK(perK: Map<number, number>): number {
  let best = 0;
  for (const [k, n] of perK) if (n > (perK.get(best) ?? 0) || (n === perK.get(best) && k > best)) best = k;
  return best;
}

/**
 * Later runs that scored this run's candidates again. A candidate keeps one current score
 * (the latest run's), so a run page counts only the candidates still scored by it; this says
 * where the others went. Their samples stay, on each candidate's page.
 */
export async function rescoredElsewhere(runId: number): Promise<{ runId: number; candidates: number }[]> {
  const { rows } = await pool().query<{ runId: number; candidates: number }>(
    `select s.run_id as "runId", count(*)::int as candidates
       from run_item i join candidate_score s on s.candidate_id = i.candidate_id
      where i.run_id = $1 and i.status = 'done' and s.run_id <> $1
      group by s.run_id order by s.run_id`,
    [runId],
  );
  return rows;
}

export interface SimulatorGuesses {
  /** Candidates of the run the simulated target answered with a marked guess. */
  unknown: number;
  /** Candidates of the run with at least one target sample. */
  prompts: number;
}

/**
 * How many of a run's prompts a simulated target did not know (it had no reference for
 * them, so every answer was a guess): the run page says so when that is most of them, since
 * the histogram is then noise. Null for a real endpoint. One pass over the run's samples.
 */
export async function simulatorGuesses(runId: number): Promise<SimulatorGuesses | null> {
  const { rows } = await pool().query<{ simulated: boolean | null; unknown: number; prompts: number }>(
    `select (select e.simulated from scoring_run r join model_endpoint e on e.id = r.target_endpoint_id where r.id = $1) as simulated,
            count(distinct candidate_id) filter (where starts_with(response, $2))::int as unknown,
            count(distinct candidate_id)::int as prompts
       from sample where run_id = $1 and role = 'target' and response is not null`,
    [runId, SIM_GUESS_MARK],
  );
  const r = rows[0];
  return r?.simulated ? { unknown: r.unknown, prompts: r.prompts } : null;
}

/** Runs that continue this one (scaling runs started from this exploration), oldest first. */
export async function continuations(runId: number): Promise<{ id: number; phase: string; status: string }[]> {
  const { rows } = await pool().query<{ id: number; phase: string; status: string }>(
    `select id, phase::text as phase, status::text as status from scoring_run where parent_run_id = $1 order by id`,
    [runId],
  );
  return rows;
}

/**
 * Scored candidates per band for every domain (the Overview's split), in one grouped
 * index-only scan of candidate_score (domain_id, band). Domains with nothing scored are absent.
 */
export async function bandSplitByDomain(): Promise<Map<number, Record<Band, number>>> {
  const { rows } = await pool().query<{ domain_id: number; band: Band; n: number }>(
    `select domain_id, band::text as band, count(*)::int as n from candidate_score group by domain_id, band`,
  );
  const out = new Map<number, Record<Band, number>>();
  for (const r of rows) {
    const split = out.get(r.domain_id) ?? (Object.fromEntries(bands.map((b) => [b, 0])) as Record<Band, number>);
    split[r.band] = r.n;
    out.set(r.domain_id, split);
  }
  return out;
}
