import { pool } from "@/lib/db/client";

// The reviewers page: decisions per reviewer per day, and each domain's queue depth. Agreement
// is lib/review's agreementReport, per domain, unchanged.

export interface ThroughputRow {
  day: string;
  reviewerId: string;
  reviewer: string;
  decisions: number;
}

// review_decision (domain_id, created_at): one range scan per domain over the window.
// Counted per (day, reviewer id) first, then named: grouping on the formatted text sorted every
// decision on disk (200 ms at 45k decisions; bench:stats).
export const THROUGHPUT_SQL = `
  select to_char(g.day, 'YYYY-MM-DD') as day, g.reviewer_id as "reviewerId", coalesce(u.email, g.reviewer_id) as reviewer, g.n::int as decisions
    from (select date_trunc('day', x.created_at at time zone 'UTC') as day, x.reviewer_id, count(*) as n
            from review_decision x
           where ($1::int[] is null or x.domain_id = any($1::int[]))
             and x.created_at >= date_trunc('day', now() at time zone 'UTC') at time zone 'UTC' - make_interval(days => $2 - 1)
             and x.undone_at is null and not x.gold
           group by 1, 2) g
    left join "user" u on u.id = g.reviewer_id
   order by 1, 3`;

/** Non-gold, not-undone decisions per reviewer per UTC day, over the last `days` days. */
export async function reviewerThroughput(domainIds: number[] | null, days = 14): Promise<ThroughputRow[]> {
  const { rows } = await pool().query<ThroughputRow>(THROUGHPUT_SQL, [domainIds, days]);
  return rows;
}

export interface QueueDepth {
  domainId: number;
  slug: string;
  name: string;
  reviewersPerItem: number;
  /** Teachable candidates whose review is not final yet (no decision, or short of consensus). */
  waiting: number;
  /** Of those, items with at least one decision (review_item open). */
  inProgress: number;
  awaitingAdjudication: number;
}

// From the domain's counters (counters.ts): teachable scores minus the final review items whose
// score is teachable; open and adjudication items whatever their score. Independent of
// review_slot, which fills lazily.
export const QUEUE_DEPTH_SQL = `
  select d.id as "domainId", d.slug, d.name, d.reviewers_per_item as "reviewersPerItem",
         (coalesce(c.teachable, 0) - coalesce(c.final_teachable, 0))::int as waiting,
         coalesce(c.open, 0)::int as "inProgress",
         coalesce(c.adjudication, 0)::int as "awaitingAdjudication"
    from domain d
    left join lateral (
      select sum(n) filter (where kind = 'score' and band = 'teachable') as teachable,
             sum(n) filter (where kind = 'review' and band = 'teachable' and status in ('accepted', 'rejected')) as final_teachable,
             sum(n) filter (where kind = 'review' and status = 'open') as open,
             sum(n) filter (where kind = 'review' and status = 'adjudication') as adjudication
        from stat_delta x where x.domain_id = d.id) c on true
   where $1::int[] is null or d.id = any($1::int[])
   order by d.name`;

export async function queueDepth(domainIds: number[] | null): Promise<QueueDepth[]> {
  const { rows } = await pool().query<QueueDepth>(QUEUE_DEPTH_SQL, [domainIds]);
  return rows;
}
