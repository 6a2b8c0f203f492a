import { beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/audit";
import { createUser } from "@/lib/auth/users";
import type { Principal } from "@/lib/auth/principal";
import { pool } from "@/lib/db/client";
import { useMigratedDatabase } from "@/lib/testing/db";
import { setAssignments } from "./access";
import { claimNext } from "./queue";
import { decide } from "./decide";
import { reviewItemView } from "./item";
import { seedScoredDomain } from "./test-fixtures";

// The review screen's view of one item: who may read it, whose decisions it shows, which
// responses it offers, and that it never tells a reviewer an item is gold.

let domainId: number;
let ids: number[];
const as = (u: { id: string; email: string }, role: Principal["role"]): Principal => ({ userId: u.id, email: u.email, name: u.email, role, via: "session" });
let r1: Principal, r2: Principal, outsider: Principal, lead: Principal;

beforeAll(async () => {
  await useMigratedDatabase();
  ({ domainId, ids } = await seedScoredDomain("itemview", 3, { reviewersPerItem: 2 }));
  const mk = async (email: string, role: Principal["role"]) => as(await createUser(systemActor, { email, name: email, role, password: "reviewer-pass" }), role);
  [r1, r2, outsider, lead] = [await mk("r1@x.test", "reviewer"), await mk("r2@x.test", "reviewer"), await mk("o@x.test", "reviewer"), await mk("l@x.test", "lead")];
  await setAssignments(systemActor, "itemview", [r1.userId, r2.userId]);
  // A real run with samples: two correct and one wrong target attempt, two teacher answers.
  const { rows } = await pool().query<{ id: number }>(
    `insert into scoring_run (domain_id, phase, target_endpoint_id, settings_hash, created_by) values ($1, 'exploration', 1, 'h', 't') returning id`,
    [domainId],
  );
  const run = rows[0].id;
  const c = ids[0];
  await pool().query("update candidate_score set run_id = $2, proxy_reference = '42' where candidate_id = $1", [c, run]);
  await pool().query(`update candidate set metadata = '{"solution": "6 * 7 = 42\\n#### 42"}' where id = $1`, [c]);
  await pool().query(
    `insert into sample (run_id, candidate_id, role, index, response, extracted, correct) values
       ($1, $2, 'target', 0, 'right one', '42', true), ($1, $2, 'target', 1, 'wrong', '41', false),
       ($1, $2, 'target', 2, 'right two', '42', true), ($1, $2, 'teacher', 0, 'teacher says 40', '40', null),
       ($1, $2, 'teacher', 1, 'teacher says 42', '42', null)`,
    [run, c],
  );
});

describe("reviewItemView", () => {
  it("offers the correct attempts, the teacher's agreeing answer and the worked solution", async () => {
    const v = await reviewItemView(r1, ids[0]);
    expect(v.responses.map((r) => [r.label, r.text])).toEqual([
      ["Attempt 1", "right one"],
      ["Attempt 3", "right two"],
      ["Teacher (sample 2)", "teacher says 42"],
      ["Reference solution", "6 * 7 = 42\n#### 42"],
    ]);
    expect(v.responses.at(-1)!.id).toBe("reference");
    expect(v).toMatchObject({ state: "open", outcome: null, lease: null, gold: false, rescoring: false, domain: { slug: "itemview", reviewersPerItem: 2 } });
    expect(v.domain.rejectReasons).toContain("wrong reference");
  });

  it("falls back to the bare answer when there is no worked solution", async () => {
    const v = await reviewItemView(r1, ids[1]);
    expect(v.responses).toEqual([{ id: "reference", label: "Reference answer", text: expect.any(String), correct: null }]);
  });

  it("shows the caller's lease, and a reviewer only their own decisions; a lead sees all", async () => {
    // Both reviewers take the same item (two slots) and decide differently.
    for (const p of [r1, r2]) {
      let got = await claimNext(p.userId, domainId);
      while (got && got.candidateId !== ids[2]) {
        await decide({ id: p.userId, email: p.email }, { candidateId: got.candidateId, decision: "skip" });
        got = await claimNext(p.userId, domainId);
      }
      expect(got?.candidateId).toBe(ids[2]);
    }
    expect((await reviewItemView(r1, ids[2])).lease).not.toBeNull();
    expect((await reviewItemView(lead, ids[2])).lease).toBeNull();
    await decide({ id: r1.userId, email: r1.email }, { candidateId: ids[2], decision: "accept" });
    await decide({ id: r2.userId, email: r2.email }, { candidateId: ids[2], decision: "reject", reason: "ambiguous", note: "unclear units" });
    const mine = await reviewItemView(r1, ids[2]);
    expect(mine.decisions.map((d) => [d.reviewer, d.decision, d.mine])).toEqual([["r1@x.test", "accept", true]]);
    expect(mine.state).toBe("adjudication");
    const all = await reviewItemView(lead, ids[2]);
    expect(all.decisions.map((d) => [d.reviewer, d.decision, d.reason, d.note, d.mine])).toEqual([
      ["r1@x.test", "accept", null, null, false],
      ["r2@x.test", "reject", "ambiguous", "unclear units", false],
    ]);
  });

  it("keeps gold decisions out of a lead's list (a reviewer still sees their own)", async () => {
    await pool().query(
      "insert into review_decision (candidate_id, domain_id, reviewer_id, decision, gold) values ($1, $2, $3, 'reject', true)",
      [ids[1], domainId, r2.userId],
    );
    expect((await reviewItemView(lead, ids[1])).decisions).toEqual([]);
    expect((await reviewItemView(r2, ids[1])).decisions.map((d) => d.decision)).toEqual(["reject"]);
  });

  it("is a 403 outside a reviewer's domains and a 404 for an unknown candidate", async () => {
    await expect(reviewItemView(outsider, ids[0])).rejects.toMatchObject({ code: "forbidden" });
    await expect(reviewItemView(lead, 2_000_000_000)).rejects.toMatchObject({ code: "not_found" });
  });

  it("reports a re-score in progress and the edits behind it", async () => {
    await pool().query("update review_item set rescoring_since = now() where candidate_id = $1", [ids[2]]);
    await pool().query("insert into candidate_edit (candidate_id, editor_id, field, before, after) values ($1, $2, 'answer', '7', '8')", [ids[2], r1.userId]);
    const v = await reviewItemView(r1, ids[2]);
    expect(v.rescoring).toBe(true);
    expect(v.edits).toEqual([expect.objectContaining({ at: expect.any(String), by: "r1@x.test", field: "answer", before: "7", after: "8" })]);
  });
});
