import { pool } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { runBasisKSql } from "@/lib/scoring/difficulty";
import { bandSql } from "@/lib/scoring/triage";

// The domain page's histogram: pass rates stacked by review status. Bins never mix k: when
// every run of the domain sampled the same k the bins are 0/k … k/k; otherwise they are ten
// pass-rate bins of width 0.1 and the chart says which k went into them.
//
// One statement over the domain's counters (counters.ts): bin totals from the 'score' counts per
// pass rate, review statuses from the 'review' counts per (pass rate, status), and "no
// decision" is the total minus the reviewed. (Counting the rows themselves read ~450k index
// entries and 31k primary-key lookups per domain: 400 ms at 1.4M candidates; bench:stats.)

export const reviewStatuses = ["none", "open", "adjudication", "accepted", "rejected"] as const;
export type ReviewStatus = (typeof reviewStatuses)[number];

export interface StatusBin {
  bin: number;
  /** Pass-rate range of the bin, inclusive: [low, high]. */
  low: number;
  high: number;
  label: string;
  total: number;
  byStatus: Record<ReviewStatus, number>;
}

export interface StatusHistogram {
  /** One target model's pass rates (issue 15), or null: the domain's difficulty (its basis). */
  endpointId: number | null;
  /** The k of every bin ("3/8"), or null when the domain's runs used several k (pass-rate bins). */
  k: number | null;
  /** The k of the domain's runs, for the chart's caption. */
  ks: number[];
  bins: StatusBin[];
  unverifiable: number;
  bandLow: number;
  bandHigh: number;
}

export const BIN = (rate: string) => `(case when m.k > 0 then round(${rate} * m.k)::int else least(floor(${rate} * 10), 9)::int end)`;

/** The domain's difficulty read from the dashboard counters (stat_delta, ADR 0028). */
const COUNTER_ROWS = `
  rates as (select pass_rate, sum(n) as n from stat_delta where domain_id = $1 and kind = 'score' and pass_rate is not null group by pass_rate having sum(n) <> 0),
  tot as (select ${BIN("g.pass_rate")} as bin, sum(g.n) as n from rates g, m group by 1),
  rev as (select ${BIN("x.pass_rate")} as bin, x.status, sum(x.n) as n
            from stat_delta x, m
           where x.domain_id = $1 and x.kind = 'review' and x.pass_rate is not null group by 1, 2 having sum(x.n) <> 0)
  select 'total' as status, bin, n::int from tot
  union all select status, bin, n::int from rev
  union all select 'unverifiable', null, coalesce(sum(n), 0)::int from stat_delta where domain_id = $1 and kind = 'score' and pass_rate is null`;

/** One target model's own pass rates (candidate_model_score, endpoint $2): counted from the rows. */
const MODEL_ROWS = `
  rates as (select pass_rate, count(*) as n from candidate_model_score where domain_id = $1 and endpoint_id = $2 and pass_rate is not null group by pass_rate),
  tot as (select ${BIN("g.pass_rate")} as bin, sum(g.n) as n from rates g, m group by 1),
  rev as (select ${BIN("s.pass_rate")} as bin,
                 case when r.state = 'final' and r.outcome = 'accept' then 'accepted' when r.state = 'final' then 'rejected' else r.state::text end as status,
                 count(*) as n
            from review_item r cross join lateral (select pass_rate from candidate_model_score s where s.candidate_id = r.candidate_id and endpoint_id = $2 offset 0) s, m
           where r.domain_id = $1 and s.pass_rate is not null group by 1, 2)
  select 'total' as status, bin, n::int from tot
  union all select status, bin, n::int from rev
  union all select 'unverifiable', null, count(*)::int from candidate_model_score where domain_id = $1 and endpoint_id = $2 and pass_rate is null`;

/**
 * The histogram statement over the domain's difficulty (candidate_score), or with `model` over
 * one target model's pass rates (candidate_model_score, endpoint $2; issue 15). Its k is the
 * one its rates are out of: a run's k, or targets × k for a domain whose basis is the mean
 * across targets (runBasisKSql) — so bins never mix counts out of different totals.
 */
export function statusHistogramSql(model: boolean): string {
  const runs = model
    ? "select k from scoring_run r where r.domain_id = $1 and (r.target_endpoint_id = $2 or exists (select 1 from run_target t where t.run_id = r.id and t.endpoint_id = $2))"
    : `select ${runBasisKSql("r", "$1")} as k from scoring_run r where r.domain_id = $1`;
  return `
  with d as (select id, band_low, band_high from domain where id = $1),
  ks as (select coalesce(array_agg(distinct k order by k), '{}') as ks from (${runs}) rk),
  m as (select case when cardinality(ks) = 0 then 8 when cardinality(ks) = 1 then ks[1] else 0 end as k from ks),
  ${model ? MODEL_ROWS : COUNTER_ROWS}
  union all select 'meta', m.k, 0 from m
  union all select 'band:' || d.band_low || ':' || d.band_high || ':' || array_to_string(ks.ks, ','), null, 0 from d, ks`;
}

export const STATUS_HISTOGRAM_SQL = statusHistogramSql(false);
const MODEL_HISTOGRAM_SQL = statusHistogramSql(true);

export async function statusHistogram(domainId: number, opts: { endpointId?: number | null } = {}): Promise<StatusHistogram> {
  const endpointId = opts.endpointId ?? null;
  const { rows } = await pool().query<{ status: string; bin: number | null; n: number }>(
    endpointId === null ? STATUS_HISTOGRAM_SQL : MODEL_HISTOGRAM_SQL,
    endpointId === null ? [domainId] : [domainId, endpointId],
  );
  const band = rows.find((r) => r.status.startsWith("band:"));
  if (!band) throw notFound(`Domain #${domainId}`);
  const [, low, high, ksText] = band.status.split(":");
  const ks = ksText ? ksText.split(",").map(Number) : [];
  const metaK = rows.find((r) => r.status === "meta")!.bin!;
  const k = metaK > 0 ? metaK : null;
  const count = (status: string, bin: number) => rows.find((r) => r.status === status && r.bin === bin)?.n ?? 0;
  const bins = Array.from({ length: k === null ? 10 : k + 1 }, (_, bin): StatusBin => {
    const byStatus = { none: 0, open: count("open", bin), adjudication: count("adjudication", bin), accepted: count("accepted", bin), rejected: count("rejected", bin) };
    const total = count("total", bin);
    byStatus.none = total - byStatus.open - byStatus.adjudication - byStatus.accepted - byStatus.rejected;
    const range = k === null ? { low: bin / 10, high: bin === 9 ? 1 : (bin + 1) / 10 } : { low: bin / k, high: bin / k };
    const label = k === null ? `${range.low.toFixed(1)}–${range.high.toFixed(1)}` : `${bin}/${k}`;
    return { bin, ...range, label, total, byStatus };
  });
  return { endpointId, k, ks, bins, unverifiable: rows.find((r) => r.status === "unverifiable")?.n ?? 0, bandLow: Number(low), bandHigh: Number(high) };
}

export type BandPreview = Record<"teachable" | "too_easy" | "too_hard" | "unverifiable", number>;

// The same CASE the re-triage UPDATE uses (lib/scoring/triage.ts bandSql), so a preview is
// exactly what saving those edges produces, over the domain's 'score' counts per pass rate (a few
// dozen groups: counters.ts), so the CASE runs per group, not per row.
export const BAND_PREVIEW_SQL = `
  select ${bandSql("g.pass_rate", "$2::float8", "$3::float8")}::text as band, sum(g.n)::int as n
    from (select pass_rate, sum(n) as n from stat_delta where domain_id = $1 and kind = 'score' group by pass_rate having sum(n) <> 0) g group by 1`;

/** Band counts a domain would have with the edges (low, high), before they are saved. */
export async function bandPreview(domainId: number, low: number, high: number): Promise<BandPreview> {
  const { rows } = await pool().query<{ band: keyof BandPreview; n: number }>(BAND_PREVIEW_SQL, [domainId, low, high]);
  const out: BandPreview = { teachable: 0, too_easy: 0, too_hard: 0, unverifiable: 0 };
  for (const r of rows) out[r.band] = r.n;
  return out;
}
