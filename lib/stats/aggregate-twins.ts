import { bandSql } from "@/lib/scoring/triage";
import { BIN } from "./histogram";

// The dashboards' questions asked of the rows themselves, as they were answered before the
// counters (docs/decisions/0028): the twins the counter-based statements must agree with
// (counters.db.test.ts) and what bench:stats times them against. Not used by the app.

/** The counters, counted from the rows (what stat_delta must sum to, key by key). */
export const DIRECT_COUNTS_SQL = `
  select domain_id, 'pool' as kind, null::float8 as pass_rate, null::text as band, null::text as status, count(*)::int as n
    from candidate group by domain_id
  union all
  select domain_id, 'score', pass_rate, band::text, null, count(*)::int from candidate_score group by domain_id, pass_rate, band
  union all
  select r.domain_id, 'review', s.pass_rate, s.band::text, stat_review_status(r.state, r.outcome), count(*)::int
    from review_item r left join candidate_score s on s.candidate_id = r.candidate_id
   group by r.domain_id, s.pass_rate, s.band, stat_review_status(r.state, r.outcome)`;

/** The counters as stat_delta holds them, summed (zero sums left out), in the same shape. */
export const COUNTER_SUMS_SQL = `
  select domain_id, kind, pass_rate, band::text as band, status, sum(n)::int as n
    from stat_delta group by domain_id, kind, pass_rate, band, status having sum(n) <> 0`;

export const DIRECT_OVERVIEW_SQL = `
  select d.id, d.slug, d.name, d.quota, d.band_low as "bandLow", d.band_high as "bandHigh",
         (select count(*) from candidate c where c.domain_id = d.id)::int as pool,
         coalesce(b.too_easy, 0)::int as too_easy, coalesce(b.teachable, 0)::int as teachable,
         coalesce(b.too_hard, 0)::int as too_hard, coalesce(b.unverifiable, 0)::int as unverifiable,
         (select count(*) from review_item r where r.domain_id = d.id and r.state = 'final')::int as reviewed,
         (select count(*) from review_item r where r.domain_id = d.id and r.state = 'final' and r.outcome = 'accept')::int as accepted,
         (select count(*) from review_decision x where x.domain_id = d.id and x.created_at > now() - interval '24 hours'
             and x.undone_at is null and not x.gold)::int as "decisions24h"
    from domain d
    left join lateral (
      select count(*) filter (where band = 'too_easy') as too_easy, count(*) filter (where band = 'teachable') as teachable,
             count(*) filter (where band = 'too_hard') as too_hard, count(*) filter (where band = 'unverifiable') as unverifiable
        from candidate_score s where s.domain_id = d.id) b on true
   where $1::int[] is null or d.id = any($1::int[])
   order by d.name`;

export const DIRECT_STATUS_HISTOGRAM_SQL = `
  with d as (select id, band_low, band_high from domain where id = $1),
  ks as (select coalesce(array_agg(distinct k order by k), '{}') as ks from scoring_run where domain_id = $1),
  m as (select case when cardinality(ks) = 0 then 8 when cardinality(ks) = 1 then ks[1] else 0 end as k from ks),
  rates as (select pass_rate, count(*) as n from candidate_score where domain_id = $1 and pass_rate is not null group by pass_rate),
  tot as (select ${BIN("g.pass_rate")} as bin, sum(g.n) as n from rates g, m group by 1),
  rev as (select ${BIN("s.pass_rate")} as bin,
                 case when r.state = 'final' and r.outcome = 'accept' then 'accepted' when r.state = 'final' then 'rejected' else r.state::text end as status,
                 count(*) as n
            from review_item r cross join lateral (select pass_rate from candidate_score s where s.candidate_id = r.candidate_id offset 0) s, m
           where r.domain_id = $1 and s.pass_rate is not null group by 1, 2)
  select 'total' as status, bin, n::int from tot
  union all select status, bin, n::int from rev
  union all select 'unverifiable', null, count(*)::int from candidate_score where domain_id = $1 and pass_rate is null
  union all select 'meta', m.k, 0 from m
  union all select 'band:' || d.band_low || ':' || d.band_high || ':' || array_to_string(ks.ks, ','), null, 0 from d, ks`;

export const DIRECT_BAND_PREVIEW_SQL = `
  select ${bandSql("g.pass_rate", "$2::float8", "$3::float8")}::text as band, sum(g.n)::int as n
    from (select pass_rate, count(*) as n from candidate_score where domain_id = $1 group by pass_rate) g group by 1`;

export const DIRECT_COVERAGE_SQL = `
  with d as (select id, quota, bin_targets from domain where id = $1),
  acc as materialized (
    select s.pass_rate from review_item r
      cross join lateral (select pass_rate from candidate_score s where s.candidate_id = r.candidate_id offset 0) s -- primary-key lookups (histogram.ts)
     where r.domain_id = $1 and r.state = 'final' and r.outcome = 'accept')
  select d.quota, (select count(*) from acc)::int as accepted,
         coalesce((select json_agg(json_build_object('low', t.low, 'high', t.high, 'target', t.target, 'label', t.label,
             'accepted', (select count(*) from acc where acc.pass_rate >= t.low - 1e-9 and acc.pass_rate <= t.high + 1e-9)) order by e.ord)
           from jsonb_array_elements(coalesce(d.bin_targets, '[]'::jsonb)) with ordinality as e(v, ord),
                lateral (select (e.v->>'low')::float8 as low, (e.v->>'high')::float8 as high, (e.v->>'target')::int as target, e.v->>'label' as label) t), '[]') as bins
    from d`;

export const DIRECT_QUEUE_DEPTH_SQL = `
  select d.id as "domainId", d.slug, d.name, d.reviewers_per_item as "reviewersPerItem",
         ((select count(*) from candidate_score s where s.domain_id = d.id and s.band = 'teachable')
          - (select count(*) from review_item r
               cross join lateral (select band from candidate_score s where s.candidate_id = r.candidate_id offset 0) s -- primary-key lookups (histogram.ts)
              where r.domain_id = d.id and r.state = 'final' and s.band = 'teachable'))::int as waiting,
         (select count(*) from review_item r where r.domain_id = d.id and r.state = 'open')::int as "inProgress",
         (select count(*) from review_item r where r.domain_id = d.id and r.state = 'adjudication')::int as "awaitingAdjudication"
    from domain d
   where $1::int[] is null or d.id = any($1::int[])
   order by d.name`;
