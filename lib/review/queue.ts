import type { PoolClient } from "pg";
import { pool } from "@/lib/db/client";
import { reviewLeaseSeconds } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { inTransaction } from "./tx";

// Review queues (docs/decisions/0017). A domain's queue is its scored candidates not yet final,
// each with reviewersPerItem *slots* in review_slot. A claim takes one free slot under a lease
// in ONE statement — `UPDATE … FROM (SELECT … FOR UPDATE SKIP LOCKED LIMIT 1)`, the scoring
// driver's pattern — so two reviewers never get the same slot, and every condition that could
// change under us (holder, lease, decided) is on the locked row itself, which PostgreSQL
// re-checks after a concurrent update. What is per reviewer (never handed the same candidate
// twice: review_served) is serialised by a per-reviewer advisory lock around the statement.
// An expired lease is simply a free slot to the next claim: nothing needs sweeping.

export type QueueBand = "teachable" | "too_easy" | "too_hard" | "unverifiable";

export interface Claimed {
  candidateId: number;
  leaseExpiresAt: string;
}

/** Put the domain's scored, not-final candidates into its queue (idempotent, set-based). */
export async function refreshQueue(domainId: number, c: Pick<PoolClient, "query"> = pool()): Promise<number> {
  const { rowCount } = await c.query(
    `insert into review_slot (candidate_id, slot, domain_id, band, priority)
     select s.candidate_id, g.n, s.domain_id, s.band,
            abs(coalesce(s.pass_rate, 0.5) - (d.band_low + d.band_high) / 2) + (10 - coalesce(s.judge_score, 5)) / 10000.0
       from candidate_score s
       join domain d on d.id = s.domain_id
       join candidate c on c.id = s.candidate_id and c.stage in ('triaged', 'in_review')
       cross join lateral generate_series(1, d.reviewers_per_item) g(n)
      where s.domain_id = $1
        and not exists (select 1 from review_item ri where ri.candidate_id = s.candidate_id and ri.state <> 'open')
     on conflict (candidate_id, slot) do update set band = excluded.band, priority = excluded.priority
      where review_slot.decided_at is null and (review_slot.band <> excluded.band or review_slot.priority <> excluded.priority)`,
    [domainId],
  );
  return rowCount ?? 0;
}

const lastRefresh = new Map<number, number>();
/** A queue that looks empty is refilled at most every few seconds per process. */
const REFRESH_EVERY_MS = 3_000;

/**
 * The caller's item in this domain's queue: the one they already hold (a reload), else the next
 * free slot by priority. null when nothing is left for them.
 */
export async function claimNext(reviewerId: string, domainId: number, band: QueueBand = "teachable"): Promise<Claimed | null> {
  const first = await claimOnce(reviewerId, domainId, band);
  if (first) return first;
  const last = lastRefresh.get(domainId) ?? 0;
  if (Date.now() - last < REFRESH_EVERY_MS) return null;
  lastRefresh.set(domainId, Date.now());
  if ((await refreshQueue(domainId)) === 0) return null;
  return claimOnce(reviewerId, domainId, band);
}

async function claimOnce(reviewerId: string, domainId: number, band: QueueBand): Promise<Claimed | null> {
  const lease = reviewLeaseSeconds();
  return inTransaction(async (c) => {
    await c.query("select pg_advisory_xact_lock(hashtext('edgewise.review'), hashtext($1))", [reviewerId]);
    const held = await c.query<{ candidate_id: number; lease_expires: Date }>(
      `update review_slot set lease_expires = now() + make_interval(secs => $3)
        where holder = $1 and domain_id = $2 and decided_at is null and lease_expires > now()
        returning candidate_id, lease_expires`,
      [reviewerId, domainId, lease],
    );
    if (held.rows.length) return toClaimed(held.rows[0]);
    const { rows } = await c.query<{ candidate_id: number; lease_expires: Date }>(
      `update review_slot s set holder = $1, lease_expires = now() + make_interval(secs => $4)
         from (select rs.candidate_id, rs.slot
                 from review_slot rs
                where rs.domain_id = $2 and rs.band = $3::"Band" and rs.decided_at is null
                  and (rs.holder is null or rs.lease_expires < now())
                  and rs.slot <= (select reviewers_per_item from domain where id = $2)
                  and not exists (select 1 from review_served v where v.reviewer_id = $1 and v.candidate_id = rs.candidate_id)
                order by rs.priority, rs.candidate_id, rs.slot
                limit 1
                for update of rs skip locked) pick
        where s.candidate_id = pick.candidate_id and s.slot = pick.slot
        returning s.candidate_id, s.lease_expires`,
      [reviewerId, domainId, band, lease],
    );
    if (!rows.length) return null;
    await c.query("insert into review_served (reviewer_id, candidate_id) values ($1, $2) on conflict do nothing", [reviewerId, rows[0].candidate_id]);
    return toClaimed(rows[0]);
  });
}

const toClaimed = (r: { candidate_id: number; lease_expires: Date }): Claimed => ({
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

export const noLease = () =>
  new AppError("conflict", "You do not hold this item any more (its lease expired or it was never yours): claim the next one");
