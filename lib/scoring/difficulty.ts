import { passRateOf, wilson } from "./stats";

// A candidate's difficulty when a run sampled several target models (issue 15,
// docs/decisions/0027): each model has its own pass rate (candidate_model_score); the domain's
// basis says which of them defines the band (candidate_score). Pure, with a SQL twin
// (difficultySql) for re-triage when the basis changes; difficulty.test.ts and
// difficulty.db.test.ts pin the two together.
//
// - primary: the run's first target — what every run measured before there were several.
// - endpoint: one named model; a candidate whose run did not sample it keeps its primary's
//   rate (it has no other), so a domain can switch to a model mid-way without losing the
//   candidates scored before.
// - min: the lowest pass rate (ties: the earlier target), Phi-4's "hard for the weaker model".
// - mean: all targets' correct samples over all their verified samples — the average of the
//   rates when every model verified the same number, and whole numbers of correct answers out
//   of targets × k, so the histogram bins it at that k instead of mixing it with k-bins.

export const difficultyBases = ["primary", "endpoint", "min", "mean"] as const;
export type DifficultyBasisKind = (typeof difficultyBases)[number];

export type DifficultyBasis =
  | { basis: "primary" | "min" | "mean"; endpointId: null }
  | { basis: "endpoint"; endpointId: number };

export const PRIMARY_BASIS: DifficultyBasis = { basis: "primary", endpointId: null };

/** One target model's result for a candidate. */
export interface ModelScore {
  endpointId: number;
  /** 0 = the run's primary target. */
  position: number;
  passes: number;
  /** Verified samples (errors excluded). */
  k: number;
}

export interface Difficulty {
  passes: number;
  k: number;
  passRate: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  /** The model the rate is from; null for `mean` over several models. */
  endpointId: number | null;
}

function fromCounts(passes: number, k: number, endpointId: number | null): Difficulty {
  const rate = passRateOf(passes, k);
  const ci = k > 0 ? wilson(passes, k) : null;
  return { passes, k, passRate: rate, ciLow: ci?.low ?? null, ciHigh: ci?.high ?? null, endpointId };
}

/**
 * The candidate's difficulty under a basis, or null when it has no model results (an
 * unverifiable candidate: nothing was sampled).
 */
export function difficultyOf(models: readonly ModelScore[], b: DifficultyBasis): Difficulty | null {
  if (models.length === 0) return null;
  const byPosition = [...models].sort((x, y) => x.position - y.position);
  const primary = byPosition[0];
  const one = (m: ModelScore) => fromCounts(m.passes, m.k, m.endpointId);
  switch (b.basis) {
    case "primary":
      return one(primary);
    case "endpoint":
      return one(byPosition.find((m) => m.endpointId === b.endpointId) ?? primary);
    case "min": {
      const rated = byPosition.filter((m) => m.k > 0);
      if (rated.length === 0) return one(primary);
      // passes / k as doubles on both sides: IEEE division is exact-rounded in JS and PostgreSQL alike.
      return one(rated.reduce((best, m) => (m.passes / m.k < best.passes / best.k ? m : best)));
    }
    case "mean": {
      if (byPosition.length === 1) return one(primary);
      const passes = byPosition.reduce((a, m) => a + m.passes, 0);
      const k = byPosition.reduce((a, m) => a + m.k, 0);
      return fromCounts(passes, k, null);
    }
  }
}

/** Wilson bound in SQL (the twin of stats.ts wilson at z = 1.96); `sign` -1 low, +1 high. */
function wilsonSql(passes: string, n: string, sign: -1 | 1): string {
  const p = `(${passes}::float8 / ${n})`;
  const z = "1.96::float8";
  const edge = sign < 0 ? `when ${passes} = 0 then 0::float8` : `when ${passes} = ${n} then 1::float8`;
  const bound = `((${p} + ${z} * ${z} / (2 * ${n})) ${sign < 0 ? "-" : "+"} ${z} * sqrt(${p} * (1 - ${p}) / ${n} + ${z} * ${z} / (4::float8 * ${n} * ${n}))) / (1 + ${z} * ${z} / ${n})`;
  return `(case when ${n} = 0 then null ${edge} else ${sign < 0 ? "greatest(0::float8," : "least(1::float8,"} ${bound}) end)`;
}

/**
 * SQL twin of difficultyOf: a query over candidate_model_score rows `m` of the candidates in
 * `candidates` (a subquery yielding candidate_id), with the basis in `basis` (text) and
 * `endpoint` (int), returning (candidate_id, passes, k, pass_rate, ci_low, ci_high).
 */
export function difficultySql(candidates: string, basis: string, endpoint: string): string {
  return `
    select x.candidate_id, x.passes, x.k, case when x.k > 0 then x.passes::float8 / x.k end as pass_rate,
           ${wilsonSql("x.passes", "x.k", -1)} as ci_low, ${wilsonSql("x.passes", "x.k", 1)} as ci_high
      from (
        select c.candidate_id,
               case when ${basis} = 'mean' and count(*) > 1 then sum(m.passes)::int else (array_agg(m.passes order by
                 case ${basis} when 'endpoint' then (m.endpoint_id is distinct from ${endpoint})::int
                               when 'min' then (m.k = 0)::int else 0 end,
                 case when ${basis} = 'min' and m.k > 0 then m.passes::float8 / m.k end nulls last,
                 m.position))[1] end as passes,
               case when ${basis} = 'mean' and count(*) > 1 then sum(m.k)::int else (array_agg(m.k order by
                 case ${basis} when 'endpoint' then (m.endpoint_id is distinct from ${endpoint})::int
                               when 'min' then (m.k = 0)::int else 0 end,
                 case when ${basis} = 'min' and m.k > 0 then m.passes::float8 / m.k end nulls last,
                 m.position))[1] end as k
          from (${candidates}) c join candidate_model_score m on m.candidate_id = c.candidate_id
         group by c.candidate_id) x`;
}

/**
 * What a run's difficulty rates are out of under the domain's basis: its k, or targets × k
 * for `mean` (the pooled counts). TypeScript twin of runBasisKSql, for the histograms' bins.
 */
export const runBasisK = (k: number, targets: number, basis: DifficultyBasisKind): number => (basis === "mean" ? k * Math.max(1, targets) : k);

/** SQL twin of runBasisK for scoring_run alias `run` of the domain `domainId` (an expression). */
export function runBasisKSql(run: string, domainId: string): string {
  return `(case when (select basis from domain_difficulty where domain_id = ${domainId}) = 'mean'
                then ${run}.k * (1 + (select count(*) from run_target t where t.run_id = ${run}.id))::int else ${run}.k end)`;
}
