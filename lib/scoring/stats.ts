// Pass-rate statistics and the band rule. Pure: the driver, batch import, triage and the UI
// all derive bands from these, so a candidate lands in the same band whichever path scored it.

export const bands = ["too_easy", "teachable", "too_hard", "unverifiable"] as const;
export type Band = (typeof bands)[number];

export interface Interval {
  low: number;
  high: number;
}

/**
 * Wilson score interval for a binomial proportion (95% at z = 1.96). Unlike the normal
 * approximation it stays inside [0, 1] and is not degenerate at 0/k or k/k, which is where
 * most candidates are.
 */
export function wilson(passes: number, n: number, z = 1.96): Interval {
  if (!Number.isInteger(passes) || !Number.isInteger(n) || n < 0 || passes < 0 || passes > n) {
    throw new RangeError(`wilson: need integers 0 <= passes <= n, got ${passes}/${n}`);
  }
  if (n === 0) return { low: 0, high: 1 };
  const p = passes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  // Clamp float noise at the edges (0/n must give exactly 0, n/n exactly 1).
  return { low: passes === 0 ? 0 : Math.max(0, centre - half), high: passes === n ? 1 : Math.min(1, centre + half) };
}

/**
 * The teachable band is exclusive on both ends: low < rate < high (at k = 8 with 0.1 / 0.9
 * that is 1..7 correct — the DAPO / open-r1 rule). At or below `low` is too hard (or a bad
 * reference), at or above `high` too easy; no verifiable sample at all is unverifiable.
 * Keep in step with bandSql() in triage.ts.
 */
export function bandOf(passRate: number | null, low: number, high: number): Band {
  if (passRate === null || Number.isNaN(passRate)) return "unverifiable";
  if (passRate <= low) return "too_hard";
  if (passRate >= high) return "too_easy";
  return "teachable";
}

/** Which numbers of correct answers out of k land in the band, in words, for form hints. */
export function teachableHint(k: number, low: number, high: number): string {
  if (!Number.isFinite(low) || !Number.isFinite(high)) return ""; // mid-edit
  const band = `${low}–${high}`;
  if (!Number.isInteger(k) || k < 1 || !(low < high)) return `The band is ${band}.`;
  const counts = Array.from({ length: k + 1 }, (_, c) => c).filter((c) => bandOf(c / k, low, high) === "teachable");
  if (!counts.length) return `At k=${k} no number of correct answers falls inside ${band}: raise k.`;
  const range = counts.length === 1 ? `${counts[0]}` : `${counts[0]}..${counts[counts.length - 1]}`;
  return `At k=${k}, ${band} keeps ${range} of ${k} correct.`;
}

/** passes / k, or null when no sample verified (errors are not samples). */
export const passRateOf = (passes: number, k: number): number | null => (k > 0 ? passes / k : null);

/**
 * How many of a finite pool of `poolSize` have a property, from a sample of `n` of them
 * (drawn without replacement) of which `hits` have it. Estimate: hits plus the sample's share
 * of the rest. The 95% range is the Wilson interval with the finite-population correction
 * (variance × (N − n)/(N − 1), i.e. z × √fpc), and never leaves what is known: at least the
 * hits already counted, at most hits plus every candidate not yet scored. Sampling the whole
 * pool leaves no range at all.
 */
export function projectCount(hits: number, n: number, poolSize: number, z = 1.96): { estimate: number; low: number; high: number } {
  if (n === 0) return { estimate: 0, low: 0, high: poolSize };
  const N = Math.max(poolSize, n);
  const rest = N - n;
  const share = hits / n;
  const fpc = N > 1 ? rest / (N - 1) : 0;
  const ci = wilson(hits, n, z * Math.sqrt(fpc));
  const clamp = (x: number) => Math.min(hits + rest, Math.max(hits, Math.round(x)));
  return { estimate: clamp(hits + share * rest), low: clamp(ci.low * N), high: clamp(ci.high * N) };
}
