import type { PoolClient } from "pg";
import type { Actor } from "@/lib/audit";
import { reviewLeaseSeconds } from "@/lib/env";
import { AppError, badRequest, conflict } from "@/lib/errors";
import { pool } from "@/lib/db/client";
import { consensus, type Outcome, type Verdict } from "./consensus";
import { setReviewItemState } from "./item-lifecycle";
import { chosenResponse } from "./response";
import type { AdjudicationInput, DecisionInput } from "./schema";
import { auditIn, inTransaction, noLease } from "./tx";

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

async function lockItem(c: PoolClient, candidateId: number, known?: Domain): Promise<{ state: ItemState["state"]; rescoring: boolean; domain: Domain }> {
  const domain = known ?? (await domainOf(c, candidateId));
  // One round trip: the row is made if missing, and locked either way (DO UPDATE locks it).
  const { rows } = await c.query<{ state: ItemState["state"]; rescoring: boolean }>(
    `insert into review_item (candidate_id, domain_id) values ($1, $2)
     on conflict (candidate_id) do update set updated_at = review_item.updated_at
     returning state::text as state, rescoring_since is not null as rescoring`,
    [candidateId, domain.id],
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
    await setReviewItemState(c, candidateId, { from: ["open", "adjudication"], to: "open" });
    await c.query("update candidate set stage = 'in_review' where id = $1 and stage = 'triaged'", [candidateId]);
  } else if (v.state === "final") {
    await finalise(c, candidateId, v.outcome, null);
  } else {
    // No more decisions are needed: the places nobody decided on leave the queue (decided ones
    // stay while an undo can still reopen them).
    await c.query("delete from review_slot where candidate_id = $1 and slot > 0 and decided_at is null", [candidateId]);
    await setReviewItemState(c, candidateId, { from: ["open", "adjudication"], to: "adjudication" });
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
  // A final item leaves the queue entirely, decided places too: claims never walk past them.
  await setReviewItemState(c, candidateId, { from: adjudicator ? ["adjudication"] : ["open", "adjudication"], to: "final", outcome, adjudicator });
  await c.query(
    `with s as (delete from review_slot where candidate_id = $1 and slot > 0)
     update candidate set stage = $2::"CandidateStage" where id = $1`,
    [candidateId, outcome === "accept" ? "accepted" : "rejected"],
  );
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
    // Which place the caller holds (a gold slot takes its own path), with the domain's rules.
    const { rows: dom } = await c.query<Domain & { my_slot: number | null }>(
      `select d.id, d.reviewers_per_item, d.consensus::text as consensus, d.reject_reasons,
              (select min(slot) from review_slot where candidate_id = $1 and holder = $2 and decided_at is null and lease_expires > now()) as my_slot
         from candidate x join domain d on d.id = x.domain_id where x.id = $1`,
      [input.candidateId, actor.id],
    );
    if (!dom.length) throw new AppError("not_found", "Candidate not found");
    if (dom[0].my_slot !== null && dom[0].my_slot < 0) return decideGold(c, actor, input, dom[0]);
    const { state, rescoring, domain } = await lockItem(c, input.candidateId, dom[0]);
    if (state !== "open") throw conflict(state === "final" ? "This item is already final" : "This item is waiting for a lead's adjudication");
    if (dom[0].my_slot === null) throw noLease();
    if (input.decision === "accept" && rescoring) throw rescoringConflict();
    if (input.decision === "reject") checkReason(domain, input.reason);
    // The lease is checked again on the locked slot row, then the decision is written and the
    // place closed — or, after a skip, handed back (this reviewer has seen it: review_served).
    const response = await chosenResponse(c, input);
    const written = await c.query(
      `with s as (select slot from review_slot where candidate_id = $1 and holder = $3 and decided_at is null and lease_expires > now() and slot > 0 for update),
            d as (insert into review_decision (candidate_id, domain_id, reviewer_id, decision, reason, note, response_sample_id, response_source, response_text)
                  select $1, $2, $3, $4::"ReviewDecisionKind", $5, $6, $7, $8, $9 from s)
       update review_slot r set decided_at = case when $4 = 'skip' then null else now() end,
                                holder = case when $4 = 'skip' then null else r.holder end,
                                lease_expires = case when $4 = 'skip' then null else r.lease_expires end
         from s where r.candidate_id = $1 and r.slot = s.slot`,
      [input.candidateId, domain.id, actor.id, input.decision, input.reason ?? null, input.note ?? null, response.sampleId, response.source, response.text],
    );
    if (!written.rowCount) throw noLease();
    const after = await settle(c, input.candidateId, domain);
    await auditIn(c, actor, `review.${input.decision}`, input.candidateId, { reason: input.reason ?? null, state: after.state, outcome: after.outcome });
    return after;
  });
}

async function recordGoldDecision(c: PoolClient, reviewerId: string, domainId: number, input: DecisionInput) {
  const response = await chosenResponse(c, input);
  await c.query(
    `insert into review_decision (candidate_id, domain_id, reviewer_id, decision, reason, note, response_sample_id, response_source, response_text, gold)
     values ($1, $2, $3, $4::"ReviewDecisionKind", $5, $6, $7, $8, $9, true)`,
    [input.candidateId, domainId, reviewerId, input.decision, input.reason ?? null, input.note ?? null, response.sampleId, response.source, response.text],
  );
}

/**
 * A decision on a gold slot: the same checks and the same kind of answer as a regular one (what
 * the item's state would be had this been its first decision), but the candidate's review_item
 * is neither read nor written: gold decisions are scored, never counted.
 */
async function decideGold(c: PoolClient, actor: Actor & { id: string }, input: DecisionInput, domain: Domain): Promise<ItemState> {
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
  await recordGoldDecision(c, actor.id, domain.id, input);
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
 * SQL twin of `consensus(rule, needed, votes).state !== "open"` over accept/reject counts
 * (pinned to it by review.db.test.ts).
 */
export const settledSql = (accepts: string, rejects: string, needed: string, rule: string) =>
  `(${accepts} + ${rejects} >= ${needed}
    or (${rule} = 'unanimous' and ${accepts} > 0 and ${rejects} > 0)
    or (${rule} = 'majority' and greatest(${accepts}, ${rejects}) * 2 > ${needed}))`;

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
      where i.domain_id = $1 and i.state = 'open' and ${settledSql("v.a", "v.r", "d.reviewers_per_item", "d.consensus::text")}`,
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
