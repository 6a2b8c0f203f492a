import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as adjudicationRoute } from "@/app/api/review/adjudication/route";
import { POST as adjudicateRoute } from "@/app/api/review/adjudicate/route";
import { GET as agreementRoute } from "@/app/api/review/agreement/route";
import { POST as claimRoute } from "@/app/api/review/claim/route";
import { POST as decideRoute } from "@/app/api/review/decisions/route";
import { GET as domainsRoute } from "@/app/api/review/domains/route";
import { DELETE as goldDelete, POST as goldRoute } from "@/app/api/review/gold/route";
import { GET as itemRoute } from "@/app/api/review/item/route";
import { POST as editRoute } from "@/app/api/review/edit/route";
import { GET as statsRoute } from "@/app/api/review/stats/route";
import { POST as undoRoute } from "@/app/api/review/undo/route";
import { systemActor } from "@/lib/audit";
import { pool } from "@/lib/db/client";
import { updateDomain } from "@/lib/scoring/domain-update";
import { useMigratedDatabase } from "@/lib/testing/db";
import { tokenUsers } from "@/lib/testing/route-calls";
import { setAssignments } from "./access";
import { consensus } from "./consensus";
import { settledSql } from "./decide";
import { goldOf, heldAsGold } from "./gold";
import { claimNext } from "./queue";
import { cohenKappa } from "./agreement";
import { seedScoredDomain } from "./test-fixtures";

// The review rules through the route handlers (role checks included): queue order, gold items,
// agreement, the response an accept picks, reviewers-per-item changes, who may see what.

const api = tokenUsers("example.com");
const people = api.users;
const call = api.call;

const claim = (who: string, domain: string, band?: string) => call(claimRoute, who, { body: { domain, ...(band ? { band } : {}) } });
const decide = (who: string, body: Record<string, unknown>) => call(decideRoute, who, { body });

/** Claim-and-decide until the queue is empty for this reviewer; the candidate ids in the order served. */
async function drain(who: string, domain: string, decision: (id: number) => Record<string, unknown> = () => ({ decision: "accept" })) {
  const order: number[] = [];
  for (;;) {
    const c = await claim(who, domain);
    if (c.status === 204) return order;
    expect(c.status).toBe(200);
    const id = c.json.item.candidateId as number;
    order.push(id);
    const d = await decide(who, { candidateId: id, ...decision(id) });
    expect(d.status, JSON.stringify(d.json)).toBe(200);
  }
}

beforeAll(async () => {
  await useMigratedDatabase();
  await api.add("lead", "lead");
  for (const r of ["ann", "bob", "cat", "out"]) await api.add(r, "reviewer");
}, 60_000);

afterEach(() => {
  vi.restoreAllMocks();
});

async function domainWith(slug: string, n: number, opts: Parameters<typeof seedScoredDomain>[2] = {}) {
  const d = await seedScoredDomain(slug, n, opts);
  await setAssignments(systemActor, slug, [people.ann.id, people.bob.id, people.cat.id]);
  await updateDomain(slug, { goldRate: 0 }, systemActor);
  return d;
}

describe("queue order", () => {
  it("informative: pass rate nearest the band's centre first, then judge score, then id", async () => {
    const { domainId } = await domainWith("inf", 30);
    const { rows } = await pool().query<{ id: number }>(
      `select s.candidate_id as id from candidate_score s where s.domain_id = $1
        order by abs(s.pass_rate - 0.5) + (10 - s.judge_score) / 10000.0, s.candidate_id`,
      [domainId],
    );
    expect(await drain("ann", "inf")).toEqual(rows.map((r) => r.id));
  });

  it("oldest: candidate id ascending; a changed order applies at the next claim", async () => {
    const { ids } = await domainWith("old", 20);
    const informative = await claim("ann", "old"); // queued in informative order
    await decide("ann", { candidateId: informative.json.item.candidateId, decision: "skip" });
    await updateDomain("old", { reviewOrder: "oldest" }, systemActor);
    const rest = await drain("ann", "old", () => ({ decision: "skip" }));
    expect(rest).toEqual(ids.filter((id) => id !== informative.json.item.candidateId).sort((a, b) => a - b));
    expect(informative.json.item.candidateId).not.toBe(Math.min(...ids));
  });

  it("random: seeded and stable per reviewer, different reviewers start apart, one index walk", async () => {
    const { domainId, ids } = await domainWith("rnd", 40);
    await updateDomain("rnd", { reviewOrder: "random" }, systemActor);
    const expected = async (who: string) =>
      (
        await pool().query<{ id: number }>(
          `with p as (select c.id, (hashtext(c.domain_id || ':' || c.id)::float8 + 2147483648) / 4294967296 as pr,
                             (hashtext($2)::float8 + 2147483648) / 4294967296 as start
                        from candidate c where c.domain_id = $1)
           select id from p order by (pr < start), pr, id`,
          [domainId, people[who].id],
        )
      ).rows.map((r) => r.id);
    const ann = await drain("ann", "rnd", () => ({ decision: "skip" }));
    const bob = await drain("bob", "rnd", () => ({ decision: "skip" }));
    expect(ann).toEqual(await expected("ann"));
    expect(bob).toEqual(await expected("bob"));
    expect(ann).not.toEqual([...ids].sort((a, b) => a - b));
    // One seeded circle, each reviewer entering it at their own point: bob's order is a rotation
    // of ann's. (Whether two given reviewers start at different items depends on their ids'
    // hashes — 1 in 40 here — so that is checked through expected(), not asserted on its own.)
    const at = ann.indexOf(bob[0]);
    expect([...ann.slice(at), ...ann.slice(0, at)]).toEqual(bob);
  });
});

describe("bands and domains: who may claim what", () => {
  it("reviewers claim only their domains and only the teachable band; leads any", async () => {
    await domainWith("acl", 5);
    expect((await claim("out", "acl")).status).toBe(403);
    expect((await call(statsRoute, "out", { path: "x?domain=acl" })).status).toBe(403);
    expect((await claim("ann", "acl", "too_hard")).status).toBe(403);
    expect((await call(statsRoute, "ann", { path: "x?domain=acl&band=too_easy" })).status).toBe(403);
    expect((await claim("lead", "acl", "too_hard")).status).toBe(204);
    expect((await claim("ann", "acl")).status).toBe(200);
    for (const route of [agreementRoute, adjudicationRoute]) expect((await call(route, "ann", { path: "x?domain=acl" })).status).toBe(403);
    expect((await call(goldRoute, "ann", { body: { candidateId: 1, decision: "accept" } })).status).toBe(403);
  });

  it("a lead's queue over another band serves that band", async () => {
    const { domainId, ids } = await domainWith("hard", 6);
    await pool().query("update candidate_score set band = 'too_hard', pass_rate = 0 where candidate_id = any($1::int[])", [ids.slice(0, 2)]);
    await updateDomain("hard", { quota: 1 }, systemActor); // any settings change makes the next claim refresh the queue
    const got = await claim("lead", "hard", "too_hard");
    expect(ids.slice(0, 2)).toContain(got.json.item.candidateId);
    void domainId;
  });

  it("GET /api/review/domains: the caller's domains with remaining counts", async () => {
    await domainWith("cnt", 7);
    await claim("cat", "cnt"); // first claim of the process in this domain fills the queue
    const mine = await call(domainsRoute, "cat");
    const cnt = mine.json.domains.find((d: { slug: string }) => d.slug === "cnt");
    expect(cnt).toMatchObject({ remaining: 7, myDecisionsToday: 0 });
    expect((await call(domainsRoute, "out")).json.domains).toEqual([]);
    expect((await call(domainsRoute, "lead")).json.domains.length).toBeGreaterThanOrEqual(5);
  });
});

describe("gold items", () => {
  it("are handed out at the gold rate, look like any item, are scored and never counted", async () => {
    const { domainId, ids } = await domainWith("gold", 12);
    const gold = ids.slice(0, 3);
    expect((await call(goldRoute, "lead", { body: { candidateId: gold[0], decision: "accept" } })).status).toBe(200);
    expect((await call(goldRoute, "lead", { body: { candidateId: gold[1], decision: "reject" } })).status).toBe(200);
    expect((await call(goldRoute, "lead", { body: { candidateId: gold[2], decision: "reject" } })).status).toBe(200);
    expect(await goldOf(gold[1])).toEqual({ decision: "reject", decisions: 0, correct: 0 });
    expect(await goldOf(ids[5])).toBeNull();
    await updateDomain("gold", { goldRate: 0.5 }, systemActor);
    await claimNext(people.lead.id, domainId); // this process reads the new gold rate
    await pool().query("update review_slot set holder = null, lease_expires = null where holder = $1", [people.lead.id]);
    vi.spyOn(Math, "random").mockReturnValue(0.1); // the dice always say gold (while any is unseen)
    // Gold items are usually settled already: a lead knows their answer.
    await pool().query(
      `insert into review_item (candidate_id, domain_id, state, outcome, final_at) select id, domain_id, 'final', 'accept', now() from candidate where id = any($1::int[])`,
      [gold],
    );
    const before = await pool().query("select candidate_id, state::text from review_item where candidate_id = any($1::int[])", [gold]);

    const c = await claim("ann", "gold");
    expect(gold).toContain(c.json.item.candidateId);
    expect(Object.keys(c.json.item).sort()).toEqual(["candidateId", "leaseExpiresAt"]);
    const stats = await call(statsRoute, "ann", { path: "x?domain=gold" });
    expect(stats.json.remaining).toBe(10); // 9 regular + the gold item held
    expect(await heldAsGold(people.ann.id, c.json.item.candidateId)).toBe(true);
    expect(await heldAsGold(people.bob.id, c.json.item.candidateId)).toBe(false);
    // To its reviewer it looks like a fresh item (its real state would give it away), and it cannot be edited.
    const view = await call(itemRoute, "ann", { path: `x?candidateId=${c.json.item.candidateId}` });
    expect(view.json).toMatchObject({ state: "open", outcome: null, rescoring: false, edits: [], decisions: [] });
    expect(view.json.lease).not.toBeNull();
    expect((await call(editRoute, "ann", { body: { candidateId: c.json.item.candidateId, answer: "42" } })).status).toBe(409);
    const first = await decide("ann", { candidateId: c.json.item.candidateId, decision: "accept" });
    expect(first.json).toMatchObject({ state: "final", final: true, outcome: "accept", decisions: 1, needed: 1 });
    // Undo works on a gold item as on any other; it stays gold.
    const u = await call(undoRoute, "ann", { body: { candidateId: c.json.item.candidateId } });
    expect(u.status).toBe(200);
    expect((await decide("ann", { candidateId: c.json.item.candidateId, decision: "accept" })).status).toBe(200);

    const rest = await drain("ann", "gold");
    const served = [c.json.item.candidateId, ...rest];
    expect(new Set(served).size).toBe(served.length);
    expect(served.filter((id) => gold.includes(id)).sort()).toEqual([...gold].sort()); // every gold once
    expect(served).toHaveLength(12); // 9 regular + 3 gold: gold candidates are out of the regular queue

    // Not counted: no review_item change, no stage change, gold-flagged decisions.
    const after = await pool().query("select candidate_id, state::text from review_item where candidate_id = any($1::int[])", [gold]);
    expect(after.rows).toEqual(before.rows);
    const stages = await pool().query<{ stage: string }>("select distinct stage::text from candidate where id = any($1::int[])", [gold]);
    expect(stages.rows).toEqual([{ stage: "triaged" }]);
    const flags = await pool().query<{ gold: boolean; n: number }>(
      "select gold, count(*)::int as n from review_decision where domain_id = $1 and undone_at is null group by gold order by gold",
      [domainId],
    );
    expect(flags.rows).toEqual([{ gold: false, n: 9 }, { gold: true, n: 3 }]);

    // Scored: ann accepted all three, one of which was right.
    vi.restoreAllMocks();
    const report = await call(agreementRoute, "lead", { path: "x?domain=gold" });
    const ann = report.json.reviewers.find((r: { reviewer: string }) => r.reviewer === "ann@example.com");
    expect(ann).toMatchObject({ goldSeen: 3, decisions: 9, acceptRate: 1 });
    expect(ann.goldAccuracy).toBeCloseTo(1 / 3, 10);

    // Unmarking is audited; the gold list and audit show the trail.
    expect((await call(goldDelete, "lead", { method: "DELETE", body: { candidateId: gold[2] } })).status).toBe(200);
    const audit = await pool().query<{ action: string; n: number }>(
      "select action, count(*)::int as n from audit_event where action like 'review.gold.%' group by action order by action",
    );
    expect(audit.rows).toEqual([{ action: "review.gold.remove", n: 1 }, { action: "review.gold.set", n: 3 }]);
  });
});

describe("agreement and adjudication", () => {
  it("two per item: domain κ (Cohen), pairs with counts, per-reviewer figures; disagreements go to a lead", async () => {
    const { domainId } = await domainWith("agree", 12, { reviewersPerItem: 2 });
    // ann accepts everything; bob rejects the first three items he sees.
    const annOrder = await drain("ann", "agree");
    let n = 0;
    const bobOrder = await drain("bob", "agree", () => (n++ < 3 ? { decision: "reject", reason: "ambiguous" } : { decision: "accept" }));
    expect(bobOrder.sort()).toEqual(annOrder.sort());
    const res = await call(agreementRoute, "lead", { path: "x?domain=agree" });
    expect(res.status).toBe(200);
    const expectedKappa = cohenKappa([...Array(12)].map((_, i) => ["accept", i < 3 ? "reject" : "accept"] as [string, string]));
    expect(res.json.domain).toMatchObject({ kind: "cohen", items: 12, enough: true });
    expect(res.json.domain.kappa).toBeCloseTo(expectedKappa!, 10);
    expect(res.json.pairs).toEqual([{ a: "ann@example.com", b: "bob@example.com", kappa: res.json.domain.kappa, items: 12, enough: true }]);
    const [ann, bob] = res.json.reviewers;
    expect(ann).toMatchObject({ reviewer: "ann@example.com", decisions: 12, acceptRate: 1, goldSeen: 0, goldAccuracy: null });
    expect(bob.acceptRate).toBeCloseTo(9 / 12, 10);
    // Nine items agreed (final), three wait for a lead: agreement with final is over the nine.
    expect(ann.agreementWithFinal).toBe(1);
    expect(typeof ann.perHour === "number" || ann.perHour === null).toBe(true);

    const waiting = await call(adjudicationRoute, "lead", { path: "x?domain=agree" });
    expect(waiting.json.items).toHaveLength(3);
    const stats = await call(statsRoute, "ann", { path: "x?domain=agree" });
    expect(stats.json).toMatchObject({ remaining: 0, accepted: 9, rejected: 0, awaitingAdjudication: 3, myDecisionsToday: 12 });
    const item = waiting.json.items[0].candidateId;
    expect((await call(adjudicateRoute, "ann", { body: { candidateId: item, decision: "reject", reason: "ambiguous" } })).status).toBe(403);
    const adj = await call(adjudicateRoute, "lead", { body: { candidateId: item, decision: "reject", reason: "ambiguous" } });
    expect(adj.json).toMatchObject({ state: "final", outcome: "reject" });
    const audit = await pool().query("select 1 from audit_event where action = 'review.adjudicate' and target_id = $1", [String(item)]);
    expect(audit.rowCount).toBe(1);
    // After the lead's word, ann's accept disagrees with one final outcome of ten judged.
    const again = await call(agreementRoute, "lead", { path: "x?domain=agree" });
    expect(again.json.reviewers[0].agreementWithFinal).toBeCloseTo(9 / 10, 10);
    void domainId;
  });
});

describe("the response an accept picks", () => {
  it("a correct target attempt or teacher answer of this candidate, the teacher, or an existing reference; else 400", async () => {
    const { domainId, ids } = await domainWith("resp", 3);
    const [a, b] = ids;
    const ep = await pool().query<{ id: number }>(
      `insert into model_endpoint (name, base_url, model, roles, updated_at) values ('sim', 'http://x', 'm', '{target}', now()) returning id`,
    );
    const run = await pool().query<{ id: number }>(
      `insert into scoring_run (domain_id, phase, target_endpoint_id, k, settings_hash, created_by) values ($1, 'exploration', $2, 8, 'h', 'x') returning id`,
      [domainId, ep.rows[0].id],
    );
    const sample = async (cand: number, role: string, index: number, correct: boolean | null) =>
      (
        await pool().query<{ id: string }>(
          `insert into sample (run_id, candidate_id, role, "index", response, correct) values ($1, $2, $3::"SampleRole", $4, 'r', $5) returning id`,
          [run.rows[0].id, cand, role, index, correct],
        )
      ).rows[0].id;
    const right = await sample(a, "target", 0, true);
    const wrong = await sample(a, "target", 1, false);
    const judge = await sample(a, "judge", 0, null);
    const other = await sample(b, "target", 0, true);
    // a has a written answer (seed), no teacher; b gets a teacher answer and loses its answer, c keeps its answer.
    const teacherOfB = await sample(b, "teacher", 0, null);
    await pool().query("update candidate set answer = '  ', metadata = null where id = $1", [b]);

    const take = async (cand: number) => {
      await pool().query("delete from review_served where candidate_id = $1", [cand]);
      await pool().query("update review_slot set holder = $2, lease_expires = now() + interval '1 minute' where candidate_id = $1 and slot = 1", [cand, people.ann.id]);
    };
    await claim("ann", "resp"); // fills the queue
    await pool().query("update review_slot set holder = null, lease_expires = null where domain_id = $1", [domainId]);
    const bad = async (cand: number, extra: Record<string, unknown>, msg: RegExp) => {
      await take(cand);
      const r = await decide("ann", { candidateId: cand, decision: "accept", ...extra });
      expect(r.status, JSON.stringify(r.json)).toBe(400);
      expect(r.json.error?.message ?? JSON.stringify(r.json)).toMatch(msg);
    };
    await bad(a, { responseId: wrong }, /not verified correct/);
    await bad(a, { responseId: judge }, /not an attempt/);
    await bad(a, { responseId: other }, /not an attempt/);
    await bad(a, { responseId: "teacher" }, /no teacher answer/);
    await bad(b, { responseId: "reference" }, /no reference/);
    await bad(a, { responseText: "edited" }, /give responseId/);

    await take(a);
    const ok = await decide("ann", { candidateId: a, decision: "accept", responseId: right, responseText: "edited answer" });
    expect(ok.status).toBe(200);
    await take(b);
    expect((await decide("ann", { candidateId: b, decision: "accept", responseId: "teacher" })).status).toBe(200);
    const stored = await pool().query("select candidate_id, response_sample_id::text as s, response_source, response_text from review_decision where domain_id = $1 order by id", [domainId]);
    expect(stored.rows).toEqual([
      { candidate_id: a, s: right, response_source: "sample", response_text: "edited answer" },
      { candidate_id: b, s: null, response_source: "teacher", response_text: null },
    ]);
    void teacherOfB;
  });

  it("an accept while the candidate is re-scored after an edit is a 409; a reject is not", async () => {
    const { domainId } = await domainWith("resc", 2);
    const c = await claim("ann", "resc");
    const id = c.json.item.candidateId;
    await pool().query("insert into review_item (candidate_id, domain_id, rescoring_since) values ($1, $2, now())", [id, domainId]);
    const r = await decide("ann", { candidateId: id, decision: "accept" });
    expect(r.status).toBe(409);
    expect(JSON.stringify(r.json)).toMatch(/re-scored/);
    expect((await decide("ann", { candidateId: id, decision: "reject", reason: "ambiguous" })).status).toBe(200);
  });
});

describe("reviewers per item changes", () => {
  it("fewer: extra undecided places go and items with enough decisions become final; more: places are added", async () => {
    const { domainId } = await domainWith("rpi", 6, { reviewersPerItem: 2 });
    // ann decides three items (one of two votes each), then stops.
    for (let i = 0; i < 3; i++) {
      const c = await claim("ann", "rpi");
      await decide("ann", { candidateId: c.json.item.candidateId, decision: i === 0 ? "reject" : "accept", ...(i === 0 ? { reason: "ambiguous" } : {}) });
    }
    const slots = async () =>
      (await pool().query<{ n: number }>("select count(*)::int as n from review_slot where domain_id = $1 and slot > 0", [domainId])).rows[0].n;
    expect(await slots()).toBe(12);
    await updateDomain("rpi", { reviewersPerItem: 1 }, systemActor);
    expect((await claim("bob", "rpi")).status).toBe(200); // the first claim after the change re-syncs the queue
    const states = await pool().query<{ state: string; outcome: string | null; n: number }>(
      "select state::text, outcome::text, count(*)::int as n from review_item where domain_id = $1 group by 1, 2 order by 2",
      [domainId],
    );
    expect(states.rows).toEqual([
      { state: "final", outcome: "accept", n: 2 },
      { state: "final", outcome: "reject", n: 1 },
    ]);
    expect(await slots()).toBe(3); // three open items, one place each (one held by bob)
    await updateDomain("rpi", { reviewersPerItem: 3 }, systemActor);
    await claim("bob", "rpi");
    expect(await slots()).toBe(9);
    const audit = await pool().query("select 1 from audit_event where action = 'domain.update' and details::text like '%reviewersPerItem%'");
    expect(audit.rowCount).toBe(2);
  });
});

describe("the SQL twin of the consensus rule", () => {
  it("agrees with consensus() on every vote count up to five reviewers per item", async () => {
    const cases: { rule: "majority" | "unanimous"; needed: number; a: number; r: number }[] = [];
    for (const rule of ["majority", "unanimous"] as const)
      for (let needed = 1; needed <= 5; needed++)
        for (let a = 0; a <= needed; a++) for (let r = 0; a + r <= needed; r++) cases.push({ rule, needed, a, r });
    const { rows } = await pool().query<{ settled: boolean }>(
      `select ${settledSql("x.a", "x.r", "x.needed", "x.rule")} as settled
         from unnest($1::text[], $2::int[], $3::int[], $4::int[]) with ordinality x(rule, needed, a, r, n) order by n`,
      [cases.map((c) => c.rule), cases.map((c) => c.needed), cases.map((c) => c.a), cases.map((c) => c.r)],
    );
    const votes = (c: (typeof cases)[number]) => [...Array(c.a).fill("accept"), ...Array(c.r).fill("reject")];
    expect(rows.map((r) => r.settled)).toEqual(cases.map((c) => consensus(c.rule, c.needed, votes(c)).state !== "open"));
  });
});

describe("the audit trail", () => {
  it("has every decision, undo and assignment of the review workspace", async () => {
    const { rows } = await pool().query<{ action: string }>("select distinct action from audit_event where action like 'review.%' order by action");
    expect(rows.map((r) => r.action)).toEqual(
      expect.arrayContaining(["review.accept", "review.adjudicate", "review.assign", "review.gold.remove", "review.gold.set", "review.reject", "review.skip", "review.undo"]),
    );
  });
});
