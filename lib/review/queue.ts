import type { PoolClient } from "pg";
import { pool } from "@/lib/db/client";
import { eligibleSql } from "@/lib/candidates/eligible";
import { reviewLeaseSeconds } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { claimGold } from "./gold";
import { resettleDomain } from "./decide";
import { inTransaction, noLease } from "./tx";

// Review queues (docs/decisions/0017). A domain's queue is its scored candidates not yet final,
// each with reviewersPerItem *slots* (1..n) in review_slot. A claim takes one free slot under a
// lease in ONE statement — `UPDATE … FROM (SELECT … FOR UPDATE SKIP LOCKED LIMIT 1)`, the
// scoring driver's pattern — so two reviewers never get the same slot, and every condition that
// could change under us (holder, lease, decided) is on the locked row itself, which PostgreSQL
// re-checks after a concurrent update. "Never the same candidate twice to one reviewer" is the
// primary key of review_served, written by the same statement: two claims racing for one
// reviewer make the later one fail on it, and it is retried (it then finds the held item).
// An expired lease is simply a free slot to the next claim: nothing needs sweeping.
//
// Order (Domain.reviewOrder) is review_slot.priority, written by refreshQueue (lower first):
//   informative: distance of the pass rate from the band's centre, then judge score;
//   oldest:      the candidate id;
//   random:      a seeded hash of (domain, candidate) in [0, 1); each reviewer starts at their
//                own point of that circle (a hash of their id) and walks it, so the order is
//                stable per reviewer and two reviewers start far apart — still two index range
//                scans in one statement (see pick/wrap below), never a sort of the whole queue.
// Gold slots (lib/review/gold.ts) have negative slot numbers and are never claimed here.

export type QueueBand = "teachable" | "too_easy" | "too_hard" | "unverifiable";

export interface Claimed {
  candidateId: number;
  leaseExpiresAt: string;
}

const PRIORITY = `case d.review_order
    when 'oldest' then s.candidate_id::float8
    when 'random' then (hashtext(d.id || ':' || s.candidate_id)::float8 + 2147483648) / 4294967296
    else abs(coalesce(s.pass_rate, 0.5) - (d.band_low + d.band_high) / 2) + (10 - coalesce(s.judge_score, 5)) / 10000.0
  end`;

/** Where a reviewer starts on a random queue's circle; -Infinity (the head) for the other orders. */
const START = (reviewer: string) =>
  `case when d.review_order = 'random' then (hashtext(${reviewer})::float8 + 2147483648) / 4294967296 else '-Infinity'::float8 end`;

/**
 * Brings the domain's queue in line with its candidates and settings (idempotent, set-based):
 * new scored candidates get their slots, moved bands and a changed order rewrite band/priority
 * of undecided slots, slots beyond reviewersPerItem leave, gold candidates and final items are
 * never queued. Open items that a smaller reviewersPerItem now makes final are settled.
 * Serialised per domain across processes (an advisory lock) and in-process (one run at a time).
 */
export function refreshQueue(domainId: number): Promise<number> {
  // A caller asks because something changed: a refresh already running may have read the queue
  // before that change, so the caller gets a run that starts after it — one per domain waiting,
  // shared by everyone who asks meanwhile — never the running one.
  const waiting = queued.get(domainId);
  if (waiting) return waiting;
  const run = (latest.get(domainId) ?? Promise.resolve(0))
    .catch(() => 0)
    .then(() => {
      queued.delete(domainId);
      return runRefresh(domainId);
    });
  queued.set(domainId, run);
  latest.set(domainId, run);
  const forget = () => void (latest.get(domainId) === run && latest.delete(domainId));
  run.then(forget, forget);
  return run;
}
/** Per domain: the refresh not started yet, and the last one started or waiting. */
const queued = new Map<number, Promise<number>>();
const latest = new Map<number, Promise<number>>();

async function runRefresh(domainId: number): Promise<number> {
  const changed = await inTransaction(async (c) => {
    await c.query("select pg_advisory_xact_lock(hashtext('edgewise.review.refresh'), $1)", [domainId]);
    const eligible = `from candidate_score s
       join domain d on d.id = s.domain_id
       join candidate c on c.id = s.candidate_id and c.stage in ('triaged', 'in_review') and ${eligibleSql("c")}
      where s.domain_id = $1
        and not exists (select 1 from review_item ri where ri.candidate_id = s.candidate_id and ri.state <> 'open')
        and not exists (select 1 from review_gold g where g.candidate_id = s.candidate_id)`;
    // Updates first, and only of rows that changed: an upsert would lock every slot of the queue
    // until commit, and claims (SKIP LOCKED) would find the queue empty meanwhile.
    const moved = await c.query(
      `update review_slot rs set band = x.band, priority = x.priority
         from (select s.candidate_id, s.band, ${PRIORITY} as priority ${eligible}) x
        where rs.candidate_id = x.candidate_id and rs.slot > 0 and rs.decided_at is null
          and (rs.band <> x.band or rs.priority <> x.priority)`,
      [domainId],
    );
    const added = await c.query(
      `insert into review_slot (candidate_id, slot, domain_id, band, priority)
       select s.candidate_id, g.n, s.domain_id, s.band, ${PRIORITY}
         ${eligible.replace("where s.domain_id = $1", "cross join lateral generate_series(1, d.reviewers_per_item) g(n) where s.domain_id = $1")}
          and not exists (select 1 from review_slot rs where rs.candidate_id = s.candidate_id and rs.slot = g.n)
       on conflict (candidate_id, slot) do nothing`,
      [domainId],
    );
    // Fewer reviewers per item: the extra places nobody decided on go (a holder's next decision
    // on one is a 409). Gold candidates' regular places go too, and so do the undecided places
    // of candidates flagged near-duplicate or contaminated since they were queued.
    const removed = await c.query(
      `delete from review_slot rs using domain d
        where d.id = $1 and rs.domain_id = $1 and rs.decided_at is null and rs.slot > 0
          and (rs.slot > d.reviewers_per_item or exists (select 1 from review_gold g where g.candidate_id = rs.candidate_id)
               or exists (select 1 from candidate c where c.id = rs.candidate_id and not ${eligibleSql("c")}))`,
      [domainId],
    );
    return (moved.rowCount ?? 0) + (added.rowCount ?? 0) + (removed.rowCount ?? 0);
  });
  return changed + (await resettleDomain(domainId));
}

/** Per process: when each domain's queue was last refreshed, and the settings it saw then. */
const synced = new Map<number, { at: number; stamp: number; goldRate: number }>();
/** A queue that looks empty is refilled at most every few seconds per process. */
const REFRESH_EVERY_MS = 3_000;

/**
 * The caller's item in this domain's queue: the one they already hold (a reload), else — at the
 * domain's gold rate, if they have an unseen gold item — a gold item, else the next free slot in
 * the domain's order. null when nothing is left for them. The queue is refreshed on a process's
 * first claim in a domain, whenever the domain's settings changed (band, order, reviewers per
 * item: its updated_at moved), and when it looks empty (at most every 3 s).
 */
export async function claimNext(reviewerId: string, domainId: number, band: QueueBand = "teachable"): Promise<Claimed | null> {
  const seen = synced.get(domainId);
  // The dice use the gold rate this process last read; claimGold returns null when the caller
  // holds an item (the regular claim below then returns it) or has no unseen gold item.
  if (seen && seen.goldRate > 0 && Math.random() < seen.goldRate) {
    const gold = await claimGold(reviewerId, domainId, band);
    if (gold) return gold;
  }
  let got = await claimOnce(reviewerId, domainId, band);
  const known = synced.get(domainId); // read again: a concurrent claim may have just refreshed
  if (!known || known.stamp !== got.stamp) {
    synced.set(domainId, { at: Date.now(), stamp: got.stamp, goldRate: got.goldRate });
    await refreshQueue(domainId);
    // A claim made under the old settings stays held and is returned again (a reload).
    got = await claimOnce(reviewerId, domainId, band);
  }
  if (got.claimed) return got.claimed;
  const last = synced.get(domainId)!;
  if (Date.now() - last.at < REFRESH_EVERY_MS) return null;
  last.at = Date.now();
  if ((await refreshQueue(domainId)) === 0) return null;
  return (await claimOnce(reviewerId, domainId, band)).claimed;
}

/** One statement: renew the lease the caller holds, or take the next free slot and mark it served. */
async function claimOnce(reviewerId: string, domainId: number, band: QueueBand, retried = false): Promise<{ claimed: Claimed | null; stamp: number; goldRate: number }> {
  // Scalar subqueries, not a join with dom: they run once, and the start bound then drives
  // the index scan (a joined column would leave it a filter over the queue's whole head).
  const pickFrom = (cmp: string) => `select rs.candidate_id, rs.slot
         from review_slot rs
        where rs.domain_id = $2 and rs.band = $3::"Band" and rs.priority ${cmp} (select start from dom)
          and rs.decided_at is null and rs.slot > 0 and rs.slot <= (select reviewers_per_item from dom)
          and (rs.holder is null or rs.lease_expires < now())
          and not exists (select 1 from held)
          and not exists (select 1 from review_served v where v.reviewer_id = $1 and v.candidate_id = rs.candidate_id)
          and exists (select 1 from candidate c where c.id = rs.candidate_id and ${eligibleSql("c")})
        order by rs.priority, rs.candidate_id
        limit 1
        for update of rs skip locked`;
  try {
    const { rows } = await pool().query<{ stamp: Date; gold_rate: number; candidate_id: number | null; lease_expires: Date | null }>(
      `with dom as (select d.reviewers_per_item, d.updated_at, d.gold_rate, ${START("$1")} as start from domain d where d.id = $2),
       held as (
         update review_slot set lease_expires = now() + make_interval(secs => $4)
          where holder = $1 and domain_id = $2 and decided_at is null and lease_expires > now()
          returning candidate_id, lease_expires),
       pick as (${pickFrom(">=")}),
       wrap as (${pickFrom("<").replace("and not exists (select 1 from held)", "and not exists (select 1 from held) and not exists (select 1 from pick)")}),
       claimed as (
         update review_slot s set holder = $1, lease_expires = now() + make_interval(secs => $4)
           from (select * from pick union all select * from wrap) p
          where s.candidate_id = p.candidate_id and s.slot = p.slot
          returning s.candidate_id, s.lease_expires),
       served as (insert into review_served (reviewer_id, candidate_id) select $1, candidate_id from claimed)
       select dom.updated_at as stamp, dom.gold_rate, x.candidate_id, x.lease_expires
         from dom left join (select * from held union all select * from claimed limit 1) x on true`,
      [reviewerId, domainId, band, reviewLeaseSeconds()],
    );
    if (!rows.length) throw new AppError("not_found", "Domain not found");
    const r = rows[0];
    return {
      stamp: r.stamp.getTime(),
      goldRate: r.gold_rate,
      claimed: r.candidate_id === null ? null : toClaimed({ candidate_id: r.candidate_id, lease_expires: r.lease_expires! }),
    };
  } catch (err) {
    // Two claims of one reviewer at once (two tabs) picked the same candidate: the later one
    // loses on review_served's key and, retried, returns what the first one took.
    if (!retried && (err as { code?: string }).code === "23505") return claimOnce(reviewerId, domainId, band, true);
    throw err;
  }
}

export const toClaimed = (r: { candidate_id: number; lease_expires: Date }): Claimed => ({
  candidateId: r.candidate_id,
  leaseExpiresAt: r.lease_expires.toISOString(),
});

/** Keeps the caller's lease alive while the item is open on their screen. */
export async function heartbeat(reviewerId: string, candidateId: number): Promise<Claimed> {
  const { rows } = await pool().query<{ candidate_id: number; lease_expires: Date }>(
    `update review_slot set lease_expires = now() + make_interval(secs => $3)
      where candidate_id = $2 and holder = $1 and decided_at is null and lease_expires > now()
      returning candidate_id, lease_expires`,
    [reviewerId, candidateId, reviewLeaseSeconds()],
  );
  if (!rows.length) throw noLease();
  return toClaimed(rows[0]);
}

export { noLease } from "./tx"; // defined beside the transaction helpers: ./decide uses it too

export type { PoolClient };
