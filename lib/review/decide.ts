import type { PoolClient } from "pg";
import type { Actor } from "@/lib/audit";
import { reviewLeaseSeconds } from "@/lib/env";
import { AppError, badRequest, conflict } from "@/lib/errors";
import { pool } from "@/lib/db/client";
import { consensus, type Outcome, type Verdict } from "./consensus";
import { noLease } from "./queue";
import { chosenResponse } from "./response";
import type { AdjudicationInput, DecisionInput } from "./schema";
import { auditIn, inTransaction } from "./tx";

// Decisions, undo and adjudication (docs/decisions/0017). Each is one transaction that locks
// the item's review_item row first, so decisions on one item are serialised: the consensus
// rule sees every earlier decision, and an item never collects more than the rule needs.
// A decision on a gold slot (negative slot number, lib/review/gold.ts) takes a path of its own
// that never reads or writes the item's review_item row: it is scored, not counted.

export interface ItemState {
  candidateId: number;
  final: boolean;
  state: "open" | "adjudication" | "final";
  outcome: Outcome | null;
  decisions: number;
  needed: number;
}

type Domain = { id: number; reviewers_per_item: number; consensus: "unanimous" | "majority"; reject_reasons: string[] | null };

const DOMAIN_OF = `select d.id, d.reviewers_per_item, d.consensus::text as consensus, d.reject_reasons
   from candidate x join domain d on d.id = x.domain_id where x.id = $1`;

async function domainOf(c: PoolClient, candidateId: number): Promise<Domain> {
  const { rows } = await c.query<Domain>(DOMAIN_OF, [candidateId]);
  if (!rows.length) throw new AppError("not_found", "Candidate not found");
  return rows[0];
}

async function lockItem(c: PoolClient, candidateId: number): Promise<{ state: ItemState["state"]; rescoring: boolean; domain: Domain }> {
  const domain = await domainOf(c, candidateId);
  await c.query("insert into review_item (candidate_id, domain_id) values ($1, $2) on conflict do nothing", [candidateId, domain.id]);
  const { rows } = await c.query<{ state: ItemState["state"]; rescoring: boolean }>(
    "select state::text as state, rescoring_since is not null as rescoring from review_item where candidate_id = $1 for update",
    [candidateId],
  );
  return { state: rows[0].state, rescoring: rows[0].rescoring, domain };
}

const LIVE_VOTES = `select decision::text as decision from review_decision
  where candidate_id = $1 and undone_at is null and decision <> 'skip' and not gold order by id`;

/** Applies the domain's rule to the item's live decisions and writes what follows from it. */
async function settle(c: PoolClient, candidateId: number, d: Domain): Promise<ItemState> {
  const { rows } = await c.query<{ decision: Outcome }>(LIVE_VOTES, [candidateId]);
  const v: Verdict = consensus(d.consensus, d.reviewers_per_item, rows.map((r) => r.decision));
  if (v.state === "open") {
    await c.query("update review_item set state = 'open', outcome = null, updated_at = now() where candidate_id = $1", [candidateId]);
    await c.query("update candidate set stage = 'in_review' where id = $1 and stage = 'triaged'", [candidateId]);
  } else if (v.state === "final") {
    await finalise(c, candidateId, v.outcome, null);
  } else {
    // No more decisions are needed: the places nobody decided on leave the queue (decided ones
    // stay while an undo can still reopen them).
    await c.query("delete from review_slot where candidate_id = $1 and slot > 0 and decided_at is null", [candidateId]);
    await c.query("update review_item set state = 'adjudication', updated_at = now() where candidate_id = $1", [candidateId]);
  }
  return stateOf(candidateId, v, rows.length, d.reviewers_per_item);
}

const stateOf = (candidateId: number, v: Verdict, decisions: number, needed: number): ItemState => ({
  candidateId,
  state: v.state,
  final: v.state === "final",
  outcome: v.state === "final" ? v.outcome : null,
  decisions,
  needed,
});

async function finalise(c: PoolClient, candidateId: number, outcome: Outcome, adjudicator: string | null) {
  await c.query(
    "update review_item set state = 'final', outcome = $2::\"ReviewDecisionKind\", adjudicator = $3, final_at = now(), updated_at = now() where candidate_id = $1",
    [candidateId, outcome, adjudicator],
  );
  await c.query("update candidate set stage = $2::\"CandidateStage\" where id = $1", [candidateId, outcome === "accept" ? "accepted" : "rejected"]);
  // A final item leaves the queue entirely, decided places too: claims never walk past them.
  await c.query("delete from review_slot where candidate_id = $1 and slot > 0", [candidateId]);
}

function checkReason(d: Domain, reason: string | undefined) {
  if (reason === undefined) return;
  const reasons = d.reject_reasons ?? [];
  if (!reasons.includes(reason)) throw badRequest(`"${reason}" is not one of this domain's reject reasons (${reasons.join(", ")})`);
}

const rescoringConflict = () => conflict("This candidate is being re-scored after an edit; wait for the new score");

/** A reviewer's decision on the item they hold. Without a live lease: 409. */
export async function decide(actor: Actor & { id: string }, input: DecisionInput): Promise<ItemState> {
  return inTransaction(async (c) => {
    const mine = await c.query<{ slot: number }>(
      "select slot from review_slot where candidate_id = $1 and holder = $2 and decided_at is null and lease_expires > now()",
      [input.candidateId, actor.id],
    );
    if (mine.rows[0]?.slot < 0) return decideGold(c, actor, input);
    const { state, rescoring, domain } = await lockItem(c, input.candidateId);
    if (state !== "open") throw conflict(state === "final" ? "This item is already final" : "This item is waiting for a lead's adjudication");
    const slot = await c.query<{ slot: number }>(
      `select slot from review_slot where candidate_id = $1 and holder = $2 and decided_at is null and lease_expires > now() and slot > 0 for update`,
      [input.candidateId, actor.id],
    );
    if (!slot.rows.length) throw noLease();
    if (input.decision === "accept" && rescoring) throw rescoringConflict();
    if (input.decision === "reject") checkReason(domain, input.reason);
    await recordDecision(c, actor.id, domain.id, input, false);
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

async function recordDecision(c: PoolClient, reviewerId: string, domainId: number, input: DecisionInput, gold: boolean) {
  const response = await chosenResponse(c, input);
  await c.query(
    `insert into review_decision (candidate_id, domain_id, reviewer_id, decision, reason, note, response_sample_id, response_source, response_text, gold)
     values ($1, $2, $3, $4::"ReviewDecisionKind", $5, $6, $7, $8, $9, $10)`,
    [input.candidateId, domainId, reviewerId, input.decision, input.reason ?? null, input.note ?? null, response.sampleId, response.source, response.text, gold],
  );
}

/**
 * A decision on a gold slot: the same checks and the same kind of answer as a regular one (what
 * the item's state would be had this been its first decision), but the candidate's review_item
 * is neither read nor written: gold decisions are scored, never counted.
 */
async function decideGold(c: PoolClient, actor: Actor & { id: string }, input: DecisionInput): Promise<ItemState> {
  const domain = await domainOf(c, input.candidateId);
  const slot = await c.query<{ slot: number }>(
    "select slot from review_slot where candidate_id = $1 and holder = $2 and decided_at is null and lease_expires > now() and slot < 0 for update",
    [input.candidateId, actor.id],
  );
  if (!slot.rows.length) throw noLease();
  if (input.decision === "accept") {
    const r = await c.query("select 1 from review_item where candidate_id = $1 and rescoring_since is not null", [input.candidateId]);
    if (r.rowCount) throw rescoringConflict();
  }
  if (input.decision === "reject") checkReason(domain, input.reason);
  await recordDecision(c, actor.id, domain.id, input, true);
  await c.query("update review_slot set decided_at = now() where candidate_id = $1 and slot = $2", [input.candidateId, slot.rows[0].slot]);
  await auditIn(c, actor, `review.${input.decision}`, input.candidateId, { reason: input.reason ?? null, gold: true });
  return goldLooks(input.candidateId, domain, input.decision === "skip" ? [] : [input.decision]);
}

const goldLooks = (candidateId: number, d: Domain, votes: Outcome[]) =>
  stateOf(candidateId, consensus(d.consensus, d.reviewers_per_item, votes), votes.length, d.reviewers_per_item);

/** Takes back the caller's last decision on an item that is not final; they hold it again. */
export async function undo(actor: Actor & { id: string }, candidateId: number): Promise<ItemState & { undone: string }> {
  return inTransaction(async (c) => {
    const last = await c.query<{ id: string; decision: string; gold: boolean }>(
      `select id, decision::text as decision, gold from review_decision
        where candidate_id = $1 and reviewer_id = $2 and undone_at is null order by id desc limit 1`,
      [candidateId, actor.id],
    );
    if (last.rows[0]?.gold) return undoGold(c, actor, candidateId, last.rows[0]);
    const { state, domain } = await lockItem(c, candidateId);
    if (state === "final") throw conflict("This item is final: its decision can no longer be undone");
    const { rows } = await c.query<{ id: string; decision: string }>(
      `select id, decision::text as decision from review_decision
        where candidate_id = $1 and reviewer_id = $2 and undone_at is null and not gold order by id desc limit 1 for update`,
      [candidateId, actor.id],
    );
    if (!rows.length) throw conflict("You have no decision on this item to undo");
    await c.query("update review_decision set undone_at = now() where id = $1", [rows[0].id]);
    const lease = reviewLeaseSeconds();
    // The reviewer holds the item again: their decided slot reopens, or (after a skip) a free one.
    const reopened = await c.query(
      `update review_slot set decided_at = null, lease_expires = now() + make_interval(secs => $3)
        where candidate_id = $1 and holder = $2 and decided_at is not null and slot > 0`,
      [candidateId, actor.id, lease],
    );
    if (!reopened.rowCount) {
      const free = await c.query(
        `update review_slot s set holder = $2, lease_expires = now() + make_interval(secs => $3)
           from (select slot from review_slot where candidate_id = $1 and slot > 0 and decided_at is null and (holder is null or lease_expires < now())
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

async function undoGold(c: PoolClient, actor: Actor & { id: string }, candidateId: number, last: { id: string; decision: string }) {
  const domain = await domainOf(c, candidateId);
  const undone = await c.query("update review_decision set undone_at = now() where id = $1 and undone_at is null", [last.id]);
  if (!undone.rowCount) throw conflict("You have no decision on this item to undo");
  await c.query(
    `update review_slot set decided_at = null, lease_expires = now() + make_interval(secs => $3)
      where candidate_id = $1 and holder = $2 and slot < 0`,
    [candidateId, actor.id, reviewLeaseSeconds()],
  );
  await auditIn(c, actor, "review.undo", candidateId, { undone: last.decision, gold: true });
  return { ...goldLooks(candidateId, domain, []), undone: last.decision };
}

/** A lead's final word on an item the reviewers disagreed on. */
export async function adjudicate(actor: Actor & { id: string }, input: AdjudicationInput): Promise<ItemState> {
  return inTransaction(async (c) => {
    const { state, domain } = await lockItem(c, input.candidateId);
    if (state !== "adjudication") throw conflict(state === "final" ? "This item is already final" : "This item is not waiting for adjudication");
    if (input.decision === "reject") checkReason(domain, input.reason);
    await finalise(c, input.candidateId, input.decision, actor.id);
    await auditIn(c, actor, "review.adjudicate", input.candidateId, { decision: input.decision, reason: input.reason ?? null, note: input.note ?? null });
    const n = await c.query(LIVE_VOTES, [input.candidateId]);
    return { candidateId: input.candidateId, state: "final", final: true, outcome: input.decision, decisions: n.rowCount ?? 0, needed: domain.reviewers_per_item };
  });
}

/**
 * Settles the domain's open items that already have enough decisions for its rule — after
 * reviewersPerItem went down, an item with one accept of two needed is final at one. Under
 * normal operation the set is empty (every decision settles its item), so this is cheap.
 */
export async function resettleDomain(domainId: number): Promise<number> {
  const { rows } = await pool().query<{ candidate_id: number }>(
    `select i.candidate_id from review_item i join domain d on d.id = i.domain_id
       cross join lateral (select count(*) filter (where r.decision = 'accept') as a, count(*) filter (where r.decision = 'reject') as r
                             from review_decision r where r.candidate_id = i.candidate_id and r.undone_at is null and not r.gold) v
      where i.domain_id = $1 and i.state = 'open'
        and (v.a + v.r >= d.reviewers_per_item or (d.consensus = 'majority' and greatest(v.a, v.r) * 2 > d.reviewers_per_item))`,
    [domainId],
  );
  for (const r of rows) {
    await inTransaction(async (c) => {
      const { state, domain } = await lockItem(c, r.candidate_id);
      if (state === "open") await settle(c, r.candidate_id, domain);
    });
  }
  return rows.length;
}
