import type { PoolClient } from "pg";
import type { Actor } from "@/lib/audit";
import { reviewLeaseSeconds } from "@/lib/env";
import { AppError, badRequest, conflict } from "@/lib/errors";
import { consensus, type Outcome, type Verdict } from "./consensus";
import { noLease } from "./queue";
import type { AdjudicationInput, DecisionInput } from "./schema";
import { auditIn, inTransaction } from "./tx";

// Decisions, undo and adjudication (docs/decisions/0017). Each is one transaction that locks
// the item's review_item row first, so decisions on one item are serialised: the consensus
// rule sees every earlier decision, and an item never collects more than the rule needs.

export interface ItemState {
  candidateId: number;
  final: boolean;
  state: "open" | "adjudication" | "final";
  outcome: Outcome | null;
  decisions: number;
  needed: number;
}

type Domain = { id: number; reviewers_per_item: number; consensus: "unanimous" | "majority"; reject_reasons: string[] | null };

async function lockItem(c: PoolClient, candidateId: number): Promise<{ state: ItemState["state"]; domain: Domain }> {
  const { rows: dom } = await c.query<Domain>(
    `select d.id, d.reviewers_per_item, d.consensus::text as consensus, d.reject_reasons
       from candidate x join domain d on d.id = x.domain_id where x.id = $1`,
    [candidateId],
  );
  if (!dom.length) throw new AppError("not_found", "Candidate not found");
  await c.query("insert into review_item (candidate_id, domain_id) values ($1, $2) on conflict do nothing", [candidateId, dom[0].id]);
  const { rows } = await c.query<{ state: ItemState["state"] }>("select state::text as state from review_item where candidate_id = $1 for update", [candidateId]);
  return { state: rows[0].state, domain: dom[0] };
}

/** Applies the domain's rule to the item's live decisions and writes what follows from it. */
async function settle(c: PoolClient, candidateId: number, d: Domain): Promise<ItemState> {
  const { rows } = await c.query<{ decision: Outcome }>(
    `select decision::text as decision from review_decision
      where candidate_id = $1 and undone_at is null and decision <> 'skip' order by id`,
    [candidateId],
  );
  const v: Verdict = consensus(d.consensus, d.reviewers_per_item, rows.map((r) => r.decision));
  if (v.state === "open") {
    await c.query("update review_item set state = 'open', outcome = null, updated_at = now() where candidate_id = $1", [candidateId]);
    await c.query("update candidate set stage = 'in_review' where id = $1 and stage = 'triaged'", [candidateId]);
  } else {
    // No more decisions are needed: the slots nobody decided on leave the queue.
    await c.query("delete from review_slot where candidate_id = $1 and decided_at is null", [candidateId]);
    if (v.state === "final") await finalise(c, candidateId, v.outcome, null);
    else await c.query("update review_item set state = 'adjudication', updated_at = now() where candidate_id = $1", [candidateId]);
  }
  return {
    candidateId,
    state: v.state,
    final: v.state === "final",
    outcome: v.state === "final" ? v.outcome : null,
    decisions: rows.length,
    needed: d.reviewers_per_item,
  };
}

async function finalise(c: PoolClient, candidateId: number, outcome: Outcome, adjudicator: string | null) {
  await c.query(
    "update review_item set state = 'final', outcome = $2::\"ReviewDecisionKind\", adjudicator = $3, final_at = now(), updated_at = now() where candidate_id = $1",
    [candidateId, outcome, adjudicator],
  );
  await c.query("update candidate set stage = $2::\"CandidateStage\" where id = $1", [candidateId, outcome === "accept" ? "accepted" : "rejected"]);
}

function checkReason(d: Domain, reason: string | undefined) {
  if (reason === undefined) return;
  const reasons = d.reject_reasons ?? [];
  if (!reasons.includes(reason)) throw badRequest(`"${reason}" is not one of this domain's reject reasons (${reasons.join(", ")})`);
}

/** A reviewer's decision on the item they hold. Without a live lease: 409. */
export async function decide(actor: Actor & { id: string }, input: DecisionInput): Promise<ItemState> {
  return inTransaction(async (c) => {
    const { state, domain } = await lockItem(c, input.candidateId);
    if (state !== "open") throw conflict(state === "final" ? "This item is already final" : "This item is waiting for a lead's adjudication");
    const slot = await c.query<{ slot: number }>(
      `select slot from review_slot where candidate_id = $1 and holder = $2 and decided_at is null and lease_expires > now() for update`,
      [input.candidateId, actor.id],
    );
    if (!slot.rows.length) throw noLease();
    if (input.decision === "reject") checkReason(domain, input.reason);
    const sampleId = typeof input.responseId === "bigint" ? input.responseId.toString() : null;
    const source = typeof input.responseId === "string" ? input.responseId : sampleId ? "sample" : null;
    await c.query(
      `insert into review_decision (candidate_id, domain_id, reviewer_id, decision, reason, note, response_sample_id, response_source, response_text)
       values ($1, $2, $3, $4::"ReviewDecisionKind", $5, $6, $7, $8, $9)`,
      [input.candidateId, domain.id, actor.id, input.decision, input.reason ?? null, input.note ?? null, sampleId, source, input.responseText ?? null],
    );
    if (input.decision === "skip") {
      // Back to the queue for others; this reviewer has seen it (review_served) and moves on.
      await c.query("update review_slot set holder = null, lease_expires = null where candidate_id = $1 and slot = $2", [input.candidateId, slot.rows[0].slot]);
    } else {
      await c.query("update review_slot set decided_at = now() where candidate_id = $1 and slot = $2", [input.candidateId, slot.rows[0].slot]);
    }
    const after = await settle(c, input.candidateId, domain);
    await auditIn(c, actor, `review.${input.decision}`, input.candidateId, { reason: input.reason ?? null, state: after.state, outcome: after.outcome });
    return after;
  });
}

/** Takes back the caller's last decision on an item that is not final; they hold it again. */
export async function undo(actor: Actor & { id: string }, candidateId: number): Promise<ItemState & { undone: string }> {
  return inTransaction(async (c) => {
    const { state, domain } = await lockItem(c, candidateId);
    if (state === "final") throw conflict("This item is final: its decision can no longer be undone");
    const { rows } = await c.query<{ id: string; decision: string }>(
      `select id, decision::text as decision from review_decision
        where candidate_id = $1 and reviewer_id = $2 and undone_at is null order by id desc limit 1`,
      [candidateId, actor.id],
    );
    if (!rows.length) throw conflict("You have no decision on this item to undo");
    await c.query("update review_decision set undone_at = now() where id = $1", [rows[0].id]);
    const lease = reviewLeaseSeconds();
    // The reviewer holds the item again: their decided slot reopens, or (after a skip) a free one.
    const reopened = await c.query(
      `update review_slot set decided_at = null, lease_expires = now() + make_interval(secs => $3)
        where candidate_id = $1 and holder = $2 and decided_at is not null`,
      [candidateId, actor.id, lease],
    );
    if (!reopened.rowCount) {
      const free = await c.query(
        `update review_slot s set holder = $2, lease_expires = now() + make_interval(secs => $3)
           from (select slot from review_slot where candidate_id = $1 and decided_at is null and (holder is null or lease_expires < now())
                  order by slot limit 1 for update skip locked) f
          where s.candidate_id = $1 and s.slot = f.slot`,
        [candidateId, actor.id, lease],
      );
      if (!free.rowCount) throw conflict("Undone, but every place on this item is now taken by other reviewers");
    }
    const after = await settle(c, candidateId, domain);
    await auditIn(c, actor, "review.undo", candidateId, { undone: rows[0].decision });
    return { ...after, undone: rows[0].decision };
  });
}

/** A lead's final word on an item the reviewers disagreed on. */
export async function adjudicate(actor: Actor & { id: string }, input: AdjudicationInput): Promise<ItemState> {
  return inTransaction(async (c) => {
    const { state, domain } = await lockItem(c, input.candidateId);
    if (state !== "adjudication") throw conflict(state === "final" ? "This item is already final" : "This item is not waiting for adjudication");
    if (input.decision === "reject") checkReason(domain, input.reason);
    await finalise(c, input.candidateId, input.decision, actor.id);
    await auditIn(c, actor, "review.adjudicate", input.candidateId, { decision: input.decision, reason: input.reason ?? null, note: input.note ?? null });
    const n = await c.query("select 1 from review_decision where candidate_id = $1 and undone_at is null and decision <> 'skip'", [input.candidateId]);
    return { candidateId: input.candidateId, state: "final", final: true, outcome: input.decision, decisions: n.rowCount ?? 0, needed: domain.reviewers_per_item };
  });
}
