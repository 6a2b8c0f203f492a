import type { Actor } from "@/lib/audit";
import { pool } from "@/lib/db/client";
import { reviewLeaseSeconds } from "@/lib/env";
import { AppError, notFound } from "@/lib/errors";
import type { Claimed, QueueBand } from "./queue";
import type { GoldInput } from "./schema";
import { auditIn, inTransaction } from "./tx";

// Gold items (docs/decisions/0017): candidates whose right decision a lead knows. While gold, a
// candidate is out of the regular queue; it is slipped into reviewers' claims at the domain's
// gold rate as a *gold slot* — a review_slot row with a negative slot number, made at claim time
// for (gold candidate, reviewer) and held under a lease like any other — so the claim, heartbeat,
// decision and undo paths are the same and the API cannot tell the difference. A decision made
// on a gold slot is stored with review_decision.gold = true: it never touches the candidate's
// review_item, never counts toward consensus or agreement, and is scored against review_gold.

/** A gold slot for the caller, if they hold nothing and have an unseen gold item of this band. */
export async function claimGold(reviewerId: string, domainId: number, band: QueueBand, retried = false): Promise<Claimed | null> {
  try {
    const { rows } = await pool().query<{ candidate_id: number; lease_expires: Date }>(
      `with held as (
         select 1 from review_slot where holder = $1 and domain_id = $2 and decided_at is null and lease_expires > now() limit 1),
       pick as (
         select g.candidate_id from review_gold g left join candidate_score cs on cs.candidate_id = g.candidate_id
          where g.domain_id = $2 and coalesce(cs.band, 'teachable'::"Band") = $3::"Band"
            and not exists (select 1 from held)
            and not exists (select 1 from review_served v where v.reviewer_id = $1 and v.candidate_id = g.candidate_id)
          order by random() limit 1
          for update of g skip locked),
       slot as (
         insert into review_slot (candidate_id, slot, domain_id, band, priority, holder, lease_expires)
         select p.candidate_id, (select coalesce(min(r.slot), 0) - 1 from review_slot r where r.candidate_id = p.candidate_id and r.slot < 0),
                $2, $3::"Band", 0, $1, now() + make_interval(secs => $4)
           from pick p
         returning candidate_id, lease_expires),
       served as (insert into review_served (reviewer_id, candidate_id) select $1, candidate_id from slot)
       select candidate_id, lease_expires from slot`,
      [reviewerId, domainId, band, reviewLeaseSeconds()],
    );
    return rows.length ? { candidateId: rows[0].candidate_id, leaseExpiresAt: rows[0].lease_expires.toISOString() } : null;
  } catch (err) {
    // Two claims numbered a new gold slot alike (or one reviewer claimed twice at once).
    if (!retried && (err as { code?: string }).code === "23505") return claimGold(reviewerId, domainId, band, true);
    throw err;
  }
}

/** Marks a candidate gold with its known decision (or changes it); it leaves the regular queue. */
export async function setGold(actor: Actor & { id: string }, input: GoldInput) {
  return inTransaction(async (c) => {
    const cand = await c.query<{ domain_id: number }>("select domain_id from candidate where id = $1", [input.candidateId]);
    if (!cand.rows.length) throw notFound("Candidate");
    const domainId = cand.rows[0].domain_id;
    await c.query(
      `insert into review_gold (candidate_id, domain_id, decision, created_by) values ($1, $2, $3::"ReviewDecisionKind", $4)
       on conflict (candidate_id) do update set decision = excluded.decision`,
      [input.candidateId, domainId, input.decision, actor.id],
    );
    // Its regular places nobody decided on leave the queue (a holder's decision is then a 409).
    await c.query("delete from review_slot where candidate_id = $1 and slot > 0 and decided_at is null", [input.candidateId]);
    await auditIn(c, actor, "review.gold.set", input.candidateId, { decision: input.decision });
    return { candidateId: input.candidateId, decision: input.decision };
  });
}

/** Unmarks a gold item; past gold decisions stay scored; a not-final candidate re-enters the queue on the next refresh. */
export async function removeGold(actor: Actor & { id: string }, candidateId: number) {
  return inTransaction(async (c) => {
    const { rows } = await c.query<{ decision: string }>("delete from review_gold where candidate_id = $1 returning decision::text as decision", [candidateId]);
    if (!rows.length) throw new AppError("not_found", "This candidate is not a gold item");
    await auditIn(c, actor, "review.gold.remove", candidateId, { decision: rows[0].decision });
    return { candidateId, removed: true };
  });
}

/** A lead's list of a domain's gold items. */
export async function listGold(domainId: number) {
  const { rows } = await pool().query<{ candidateId: number; decision: string; createdAt: Date; decisions: number; correct: number }>(
    `select g.candidate_id as "candidateId", g.decision::text as decision, g.created_at as "createdAt",
            count(d.id)::int as decisions, count(d.id) filter (where d.decision = g.decision)::int as correct
       from review_gold g
       left join review_decision d on d.candidate_id = g.candidate_id and d.gold and d.undone_at is null and d.decision <> 'skip'
      where g.domain_id = $1 group by g.candidate_id order by g.created_at desc`,
    [domainId],
  );
  return rows;
}

/**
 * Whether this reviewer holds (or held) the candidate as a gold item. The item view uses it to
 * show a gold item as a fresh open item (its real state and outcome would give it away), and
 * edits should refuse it: a gold item's text is what the known decision was made on.
 */
export async function heldAsGold(reviewerId: string, candidateId: number): Promise<boolean> {
  const { rowCount } = await pool().query("select 1 from review_slot where candidate_id = $1 and holder = $2 and slot < 0", [candidateId, reviewerId]);
  return (rowCount ?? 0) > 0;
}

/** One candidate's gold mark with how reviewers did on it, or null (the candidate page, leads only). */
export async function goldOf(candidateId: number): Promise<{ decision: string; decisions: number; correct: number } | null> {
  const { rows } = await pool().query<{ decision: string; decisions: number; correct: number }>(
    `select g.decision::text as decision, count(d.id)::int as decisions, count(d.id) filter (where d.decision = g.decision)::int as correct
       from review_gold g
       left join review_decision d on d.candidate_id = g.candidate_id and d.gold and d.undone_at is null and d.decision <> 'skip'
      where g.candidate_id = $1 group by g.decision`,
    [candidateId],
  );
  return rows[0] ?? null;
}
