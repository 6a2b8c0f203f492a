import { pool } from "@/lib/db/client";

export interface QueueStats {
  /** Items this reviewer could still be handed in the queue's band. */
  remaining: number;
  myDecisionsToday: number;
  accepted: number;
  rejected: number;
  awaitingAdjudication: number;
}

/** The header of the review screen and the leads' queue summary, in one round trip. */
export async function queueStats(reviewerId: string, domainId: number, band = "teachable"): Promise<QueueStats> {
  const { rows } = await pool().query<QueueStats>(
    `select
       (select count(distinct s.candidate_id)::int from review_slot s
         where s.domain_id = $2 and s.band = $3::"Band" and s.decided_at is null
           and s.slot <= (select reviewers_per_item from domain where id = $2)
           and (s.holder is null or s.lease_expires < now() or s.holder = $1)
           and not exists (select 1 from review_served v where v.reviewer_id = $1 and v.candidate_id = s.candidate_id and s.holder is distinct from $1)
       ) as remaining,
       (select count(*)::int from review_decision where reviewer_id = $1 and domain_id = $2 and undone_at is null
           and created_at >= date_trunc('day', now())) as "myDecisionsToday",
       (select count(*)::int from review_item where domain_id = $2 and state = 'final' and outcome = 'accept') as accepted,
       (select count(*)::int from review_item where domain_id = $2 and state = 'final' and outcome = 'reject') as rejected,
       (select count(*)::int from review_item where domain_id = $2 and state = 'adjudication') as "awaitingAdjudication"`,
    [reviewerId, domainId, band],
  );
  return rows[0];
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
