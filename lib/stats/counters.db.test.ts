import { beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/audit";
import { createUser } from "@/lib/auth/users";
import { pool } from "@/lib/db/client";
import { setReviewItemState } from "@/lib/review";
import { retriageDomain } from "@/lib/scoring/triage";
import { useMigratedDatabase } from "@/lib/testing/db";
import {
  COUNTER_SUMS_SQL,
  DIRECT_BAND_PREVIEW_SQL,
  DIRECT_COUNTS_SQL,
  DIRECT_COVERAGE_SQL,
  DIRECT_OVERVIEW_SQL,
  DIRECT_QUEUE_DEPTH_SQL,
  DIRECT_STATUS_HISTOGRAM_SQL,
} from "./aggregate-twins";
import { compactStatDeltas } from "./counters";
import { COVERAGE_SQL } from "./coverage";
import { BAND_PREVIEW_SQL, STATUS_HISTOGRAM_SQL } from "./histogram";
import { OVERVIEW_SQL } from "./overview";
import { QUEUE_DEPTH_SQL } from "./reviewers";
import { setBinTargets } from "./index";
import { seedDashboardDomain } from "./test-fixtures";

// The counters kept by triggers (migration stat_counters) against the rows they count: after
// every kind of write — inserts, re-scores, band moves, review state changes, deletes, a
// folding — stat_delta sums to the direct aggregate key by key, and every dashboard statement
// answers exactly what its direct twin (the pre-counter SQL) answers.

let A: Awaited<ReturnType<typeof seedDashboardDomain>>;
let B: Awaited<ReturnType<typeof seedDashboardDomain>>;

beforeAll(async () => {
  await useMigratedDatabase();
  const r1 = await createUser(systemActor, { email: "c1@example.com", name: "c1", role: "reviewer", password: "counter-pass-123" });
  const r2 = await createUser(systemActor, { email: "c2@example.com", name: "c2", role: "reviewer", password: "counter-pass-123" });
  A = await seedDashboardDomain("count-a", [r1.id, r2.id]);
  B = await seedDashboardDomain("count-b", [r2.id, r1.id]);
  await setBinTargets(systemActor, "count-a", { targets: [{ low: 0, high: 3 / 8, target: 5 }, { low: 4 / 8, high: 1, target: 5 }] });
}, 60_000);

const sorted = <T>(rows: T[]) => rows.map((r) => JSON.stringify(r)).sort();
const rowsOf = async (sql: string, params: unknown[]) => (await pool().query(sql, params)).rows;

async function expectAgreement() {
  expect(sorted(await rowsOf(COUNTER_SUMS_SQL, []))).toEqual(sorted(await rowsOf(DIRECT_COUNTS_SQL, [])));
  expect(await rowsOf(OVERVIEW_SQL, [null])).toEqual(await rowsOf(DIRECT_OVERVIEW_SQL, [null]));
  expect(await rowsOf(QUEUE_DEPTH_SQL, [null])).toEqual(await rowsOf(DIRECT_QUEUE_DEPTH_SQL, [null]));
  for (const d of [A.domainId, B.domainId]) {
    // Row order of a union / group by is not part of the answer.
    expect(sorted(await rowsOf(STATUS_HISTOGRAM_SQL, [d]))).toEqual(sorted(await rowsOf(DIRECT_STATUS_HISTOGRAM_SQL, [d])));
    expect(await rowsOf(COVERAGE_SQL, [d])).toEqual(await rowsOf(DIRECT_COVERAGE_SQL, [d]));
    for (const [low, high] of [[0.1, 0.9], [0.3, 0.6]]) {
      expect(sorted(await rowsOf(BAND_PREVIEW_SQL, [d, low, high]))).toEqual(sorted(await rowsOf(DIRECT_BAND_PREVIEW_SQL, [d, low, high])));
    }
  }
}

const RESCORE_SQL = `insert into candidate_score (candidate_id, domain_id, run_id, settings_hash, passes, k, pass_rate, band)
     select u.id, c.domain_id, 1, 'fx', u.p, 8, u.p / 8.0,
            (case when u.p = 0 then 'too_hard' when u.p = 8 then 'too_easy' else 'teachable' end)::"Band"
       from unnest($1::int[], $2::int[]) as u(id, p) join candidate c on c.id = u.id
     on conflict (candidate_id) do update set pass_rate = excluded.pass_rate, passes = excluded.passes, band = excluded.band`;
const rescore = (ids: number[], passes: number[]) => pool().query(RESCORE_SQL, [ids, passes]);

/** True when the promise settled within `ms` (a statement not blocked on a lock). */
const settledWithin = (p: Promise<unknown>, ms: number) =>
  Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

/**
 * Two transactions on one reviewed candidate: a re-score and a review state change, `first`
 * one's statement before the other's, both uncommitted at once. Returns whether the second
 * waited for the first to commit (the locks that keep the counters from counting twice).
 */
async function race(candidateId: number, first: "score" | "review") {
  const a = await pool().connect();
  const b = await pool().connect();
  const { rows } = await pool().query<{ state: string }>("select state::text from review_item where candidate_id = $1", [candidateId]);
  const to = rows[0].state === "open" ? "adjudication" : "open";
  const score = (c: typeof a) => c.query(RESCORE_SQL, [[candidateId], [first === "score" ? 2 : 6]]);
  const review = (c: typeof a) => setReviewItemState(c, candidateId, { from: ["open", "adjudication"], to });
  try {
    await a.query("begin");
    await b.query("begin");
    await (first === "score" ? score(a) : review(a));
    const second = first === "score" ? review(b) : score(b);
    const secondWaited = !(await settledWithin(second, 300));
    await a.query("commit");
    await second;
    await b.query("commit");
    return { secondWaited };
  } finally {
    a.release();
    b.release();
  }
}

describe("dashboard counters", () => {
  it("start equal to the rows (the fixture's inserts went through the triggers)", async () => {
    await expectAgreement();
  });

  it("follow bulk inserts of candidates and scores, and re-scores that move reviewed items", async () => {
    const { rows } = await pool().query<{ id: number }>(
      `insert into candidate (domain_id, prompt, prompt_hash) select $1, 'more ' || g, sha256(convert_to('more-a' || g, 'UTF8'))
         from generate_series(1, 40) g returning id`,
      [A.domainId],
    );
    const fresh = rows.map((r) => r.id);
    await rescore(fresh.slice(0, 30), fresh.slice(0, 30).map((_, i) => i % 9));
    await expectAgreement();
    // Re-scores: c1 (accepted), c4 (open), c5 (adjudication) and an unreviewed one move bins.
    await rescore([A.ids[0], A.ids[3], A.ids[4], fresh[0]], [7, 0, 8, 5]);
    await expectAgreement();
  });

  it("follow a band move (re-triage of the whole domain)", async () => {
    await pool().query("update domain set band_low = 0.3, band_high = 0.6 where id = $1", [A.domainId]);
    expect(await retriageDomain(A.domainId)).toBeGreaterThan(0);
    await expectAgreement();
  });

  it("follow review state changes, new items with and without a score, and a first score of a reviewed item", async () => {
    await setReviewItemState(pool(), A.ids[3], { from: ["open"], to: "final", outcome: "accept", adjudicator: null });
    await setReviewItemState(pool(), A.ids[4], { from: ["adjudication"], to: "final", outcome: "reject", adjudicator: "lead" });
    await pool().query("update review_item set rescoring_since = now() where candidate_id = $1", [A.ids[0]]); // no status change
    // c23 is unscored (imported): reviewed before it has a score, then scored.
    await pool().query("insert into review_item (candidate_id, domain_id) values ($1, $3), ($2, $3)", [A.ids[22], A.ids[6], A.domainId]);
    await expectAgreement();
    await rescore([A.ids[22]], [3]);
    await setReviewItemState(pool(), A.ids[22], { from: ["open"], to: "adjudication" });
    await expectAgreement();
  });

  it("follow deletes of scores, review items and candidates", async () => {
    await pool().query("delete from candidate_score where candidate_id = any($1::int[])", [[A.ids[1], A.ids[10]]]);
    await pool().query("delete from review_item where candidate_id = $1", [A.ids[6]]);
    await pool().query("delete from candidate where id = any($1::int[])", [[A.ids[2], B.ids[5], B.ids[24]]]);
    await expectAgreement();
  });

  it("fold to one row per counter without changing a sum, beside concurrent folds", async () => {
    const before = Number((await pool().query("select count(*) from stat_delta")).rows[0].count);
    const folded = await Promise.all([compactStatDeltas(), compactStatDeltas()]);
    expect(folded[0] + folded[1]).toBeGreaterThan(0);
    const { rows } = await pool().query<{ n: number; keys: number }>(
      "select count(*)::int as n, count(distinct (domain_id, kind, pass_rate, band, status))::int as keys from stat_delta",
    );
    expect(rows[0].n).toBe(rows[0].keys);
    expect(rows[0].n).toBeLessThan(before);
    await expectAgreement();
    expect(await compactStatDeltas()).toBe(0); // nothing left to fold: no rewrite
  });

  it("count a review change racing a re-score of the same candidate once, whichever writes first", async () => {
    const scoreFirst = await race(B.ids[3], "score");
    const reviewFirst = await race(B.ids[4], "review");
    expect(scoreFirst.secondWaited && reviewFirst.secondWaited).toBe(true);
    await expectAgreement();
  });

  it("count a first score racing the first review of an unscored candidate once", async () => {
    const { rows } = await pool().query<{ id: number }>(
      "insert into candidate (domain_id, prompt, prompt_hash) values ($1, 'race', sha256('race-b'::bytea)) returning id",
      [B.domainId],
    );
    const id = rows[0].id;
    const scorer = await pool().connect();
    const reviewer = await pool().connect();
    try {
      await scorer.query("begin");
      await scorer.query(RESCORE_SQL, [[id], [4]]);
      await reviewer.query("begin");
      const review = reviewer.query("insert into review_item (candidate_id, domain_id) values ($1, $2)", [id, B.domainId]);
      await expect(settledWithin(review, 300)).resolves.toBe(false); // waits for the score's commit
      await scorer.query("commit");
      await review;
      await reviewer.query("commit");
    } finally {
      scorer.release();
      reviewer.release();
    }
    await expectAgreement();
  });

  it("refuse to move a candidate to another domain (its counts would stay behind)", async () => {
    await expect(pool().query("update candidate set domain_id = $2 where id = $1", [A.ids[0], B.domainId])).rejects.toThrow(/domain_id does not change/);
    await pool().query("update candidate set domain_id = domain_id, stage = stage where id = $1", [A.ids[0]]);
  });
});
