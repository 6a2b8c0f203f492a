import { pool } from "@/lib/db/client";
import { refreshQueue } from "./queue";

export interface QueueStats {
  /** Items this reviewer could still be handed in the queue's band. */
  remaining: number;
  myDecisionsToday: number;
  accepted: number;
  rejected: number;
  awaitingAdjudication: number;
}

// What "remaining" counts, for one reviewer: the candidates of the band they could still be
// handed — a regular place (1..reviewersPerItem) nobody decided on, free or held by them, on a
// candidate they were not served before — plus the gold item they hold right now, if any, so a
// gold item counts exactly like the regular item it passes for. Unseen gold items they have not
// been handed are not counted: they are an extra, not part of the queue.
const REMAINING = (reviewer: string, domain: string, band: string) => `(
  (select count(distinct s.candidate_id)::int from review_slot s
    where s.domain_id = ${domain} and s.band = ${band} and s.decided_at is null and s.slot > 0
      and s.slot <= (select reviewers_per_item from domain where id = ${domain})
      and (s.holder is null or s.lease_expires < now() or s.holder = ${reviewer})
      and not exists (select 1 from review_served v where v.reviewer_id = ${reviewer} and v.candidate_id = s.candidate_id and s.holder is distinct from ${reviewer}))
  + (select count(*)::int from review_slot g
      where g.domain_id = ${domain} and g.band = ${band} and g.slot < 0 and g.holder = ${reviewer} and g.decided_at is null and g.lease_expires > now()))`;

/** The header of the review screen and the leads' queue summary, in one round trip. */
export async function queueStats(reviewerId: string, domainId: number, band = "teachable"): Promise<QueueStats> {
  const { rows } = await pool().query<QueueStats>(
    `select
       ${REMAINING("$1", "$2", '$3::"Band"')} as remaining,
       (select count(*)::int from review_decision where reviewer_id = $1 and domain_id = $2 and undone_at is null
           and created_at >= date_trunc('day', now())) as "myDecisionsToday",
       (select count(*)::int from review_item where domain_id = $2 and state = 'final' and outcome = 'accept') as accepted,
       (select count(*)::int from review_item where domain_id = $2 and state = 'final' and outcome = 'reject') as rejected,
       (select count(*)::int from review_item where domain_id = $2 and state = 'adjudication') as "awaitingAdjudication"`,
    [reviewerId, domainId, band],
  );
  return rows[0];
}

export interface ReviewDomainSummary {
  id: number;
  slug: string;
  name: string;
  /** Teachable items the caller could still be handed (as `remaining` in queueStats). */
  remaining: number;
  myDecisionsToday: number;
}

/**
 * The caller's review domains (every domain for leads and admins, else their assignments) with
 * their teachable queue's remaining count, in one statement.
 */
export async function reviewDomainsWithCounts(reviewerId: string, everyDomain: boolean): Promise<ReviewDomainSummary[]> {
  const { rows } = await pool().query<ReviewDomainSummary>(
    `select d.id, d.slug, d.name,
            ${REMAINING("$1", "d.id", "'teachable'::\"Band\"")} as remaining,
            (select count(*)::int from review_decision r where r.reviewer_id = $1 and r.domain_id = d.id and r.undone_at is null
                and r.created_at >= date_trunc('day', now())) as "myDecisionsToday"
       from domain d
      where $2 or exists (select 1 from domain_reviewer a where a.domain_id = d.id and a.user_id = $1)
      order by d.name`,
    [reviewerId, everyDomain],
  );
  return rows;
}

/** Items waiting for a lead, oldest first. */
export async function adjudicationQueue(domainId: number, limit = 50) {
  const { rows } = await pool().query<{ candidateId: number; prompt: string; decisions: { reviewer: string; decision: string; reason: string | null; note: string | null }[] }>(
    `select i.candidate_id as "candidateId", left(c.prompt, 400) as prompt,
            (select json_agg(json_build_object('reviewer', u.email, 'decision', d.decision, 'reason', d.reason, 'note', d.note) order by d.id)
               from review_decision d left join "user" u on u.id = d.reviewer_id
              where d.candidate_id = i.candidate_id and d.undone_at is null and d.decision <> 'skip') as decisions
       from review_item i join candidate c on c.id = i.candidate_id
      where i.domain_id = $1 and i.state = 'adjudication'
      order by i.updated_at limit $2`,
    [domainId, limit],
  );
  return rows;
}

/**
 * The stats of a queue as a reviewer is about to open it. Queues fill lazily (on a claim), so a
 * domain nobody has opened yet would read "0 remaining": an empty one is refilled first.
 */
export async function openingQueueStats(reviewerId: string, domainId: number): Promise<QueueStats> {
  const s = await queueStats(reviewerId, domainId);
  if (s.remaining > 0 || (await refreshQueue(domainId)) === 0) return s;
  return queueStats(reviewerId, domainId);
}
