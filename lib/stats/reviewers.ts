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
export const THROUGHPUT_SQL = `
  select to_char(date_trunc('day', x.created_at at time zone 'UTC'), 'YYYY-MM-DD') as day, x.reviewer_id as "reviewerId",
         coalesce(u.email, x.reviewer_id) as reviewer, count(*)::int as decisions
    from domain d
    join review_decision x on x.domain_id = d.id and x.created_at >= date_trunc('day', now() at time zone 'UTC') at time zone 'UTC' - make_interval(days => $2 - 1)
    left join "user" u on u.id = x.reviewer_id
   where ($1::int[] is null or d.id = any($1::int[])) and x.undone_at is null and not x.gold
   group by 1, 2, 3 order by 1, 3`;

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

// Teachable items come from the band index; final ones are review_item rows (few) checked
// against the band by primary key. Independent of review_slot, which fills lazily.
export const QUEUE_DEPTH_SQL = `
  select d.id as "domainId", d.slug, d.name, d.reviewers_per_item as "reviewersPerItem",
         ((select count(*) from candidate_score s where s.domain_id = d.id and s.band = 'teachable')
          - (select count(*) from review_item r join candidate_score s on s.candidate_id = r.candidate_id
              where r.domain_id = d.id and r.state = 'final' and s.band = 'teachable'))::int as waiting,
         (select count(*) from review_item r where r.domain_id = d.id and r.state = 'open')::int as "inProgress",
         (select count(*) from review_item r where r.domain_id = d.id and r.state = 'adjudication')::int as "awaitingAdjudication"
    from domain d
   where $1::int[] is null or d.id = any($1::int[])
   order by d.name`;

export async function queueDepth(domainIds: number[] | null): Promise<QueueDepth[]> {
  const { rows } = await pool().query<QueueDepth>(QUEUE_DEPTH_SQL, [domainIds]);
  return rows;
}
