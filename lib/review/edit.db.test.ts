import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as claimRoute } from "@/app/api/review/claim/route";
import { POST as decideRoute } from "@/app/api/review/decisions/route";
import { POST as editRoute } from "@/app/api/review/edit/route";
import { systemActor } from "@/lib/audit";
import type { Principal } from "@/lib/auth/principal";
import { createApiToken } from "@/lib/auth/tokens";
import { createUser } from "@/lib/auth/users";
import { pool } from "@/lib/db/client";
import { boss } from "@/lib/jobs/boss";
import { enqueue } from "@/lib/jobs/enqueue";
import { startWorker, stopWorker } from "@/lib/jobs/worker";
import { startSimulator, type Simulator } from "@/lib/models/simulator";
import { driveRun } from "@/lib/scoring/driver";
import { createRun } from "@/lib/scoring/runs";
import { closeConnections, createTestEndpoint, mathItems, seedDomain, testActor } from "@/lib/scoring/test-fixtures";
import { useMigratedDatabase } from "@/lib/testing/db";
import { serveRoutes } from "@/lib/testing/route-server";
import { until } from "@/lib/testing/worker-process";
import { setAssignments } from "./access";
import { candidateEdits, editCandidate, rescoreKey } from "./edit";
import { sweepRescores } from "./rescore";
import { inTransaction } from "./tx";

// Edit in place end to end: the HTTP route (roles, leases, validation), one transaction of
// edit rows + candidate + run + flag + audit + job, then the real worker driving the re-score
// run against the bundled simulator, the flag cleared and the queue slot following the band.

let sim: Simulator;
let server: { url: string; close: () => Promise<void> };
const items = mathItems(40, "edit");
const late = mathItems(2, "late"); // imported after scoring: never scored
type U = { principal: Principal; token: string };
const users: Record<"a" | "b" | "c" | "lead", U> = {} as never;

async function user(key: keyof typeof users, role: Principal["role"]) {
  const u = await createUser(systemActor, { email: `${key}@edit.test`, name: key, role, password: "edit-test-pass" });
  const principal: Principal = { userId: u.id, email: u.email, name: key, role, via: "session" };
  users[key] = { principal, token: (await createApiToken(principal, { name: "t" })).token };
}

const post = async (who: keyof typeof users, path: string, body: unknown) => {
  const res = await fetch(server.url + path, {
    method: "POST",
    headers: { authorization: `Bearer ${users[who].token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: res.status === 204 ? null : await res.json() };
};

const one = async <T>(sql: string, params: unknown[]) => (await pool().query(sql, params)).rows[0] as T;
const candidateByPrompt = (prompt: string) => one<{ id: number; answer: string }>("select id, answer from candidate where prompt = $1", [prompt]);
/** An item of the pool nobody has held, decided or edited in this file yet. */
const used = new Set<number>();
async function fresh(): Promise<{ id: number; prompt: string; answer: string }> {
  for (const i of items) {
    const c = await candidateByPrompt(i.prompt);
    if (!c) continue; // its prompt was edited
    const busy = await pool().query("select 1 from review_slot where candidate_id = $1 and holder is not null", [c.id]);
    if (used.has(c.id) || busy.rowCount) continue;
    used.add(c.id);
    return { id: c.id, prompt: i.prompt, answer: i.answer! };
  }
  throw new Error("no fresh item left");
}
const rescoring = async (id: number) => (await one<{ r: boolean }>("select rescoring_since is not null as r from review_item where candidate_id = $1", [id]))?.r ?? false;

let target: number;
beforeAll(async () => {
  process.env.EDGEWISE_SCORING_LEASE_SECONDS = "5"; // a duplicate driver waits at most this long
  await useMigratedDatabase();
  sim = await startSimulator({ withDemoKey: false, answerKeys: [...items, ...late].map((i) => i.key), seed: 3 });
  target = (await createTestEndpoint("sim-target", sim.url, "sim-target", 16)).id;
  await seedDomain("edit", items);
  await seedDomain("other", mathItems(1, "other"));
  const run = await createRun({ domain: "edit", targetEndpointId: target, phase: "scaling", k: 8 }, testActor);
  await driveRun(run.id, { continueAsJob: false, leaseSeconds: 5 });
  await seedDomain("edit", late);
  await user("a", "reviewer");
  await user("b", "reviewer");
  await user("c", "reviewer");
  await user("lead", "lead");
  await setAssignments(systemActor, "edit", [users.a.principal.userId, users.b.principal.userId]);
  await setAssignments(systemActor, "other", [users.c.principal.userId]);
  server = await serveRoutes({
    "/api/review/claim": { POST: claimRoute },
    "/api/review/decisions": { POST: decideRoute },
    "/api/review/edit": { POST: editRoute },
  });
}, 120_000);

afterAll(async () => {
  await stopWorker().catch(() => {});
  await server?.close();
  await sim?.close();
  await closeConnections();
});

let held: number; // the teachable item reviewer a holds and edits
let heldAnswer: string;
let runOfHeld: number;

describe("POST /api/review/edit: who may edit what", () => {
  it("the holder of a live lease edits; a reviewer of the domain without the lease gets 409, of another domain 403", async () => {
    const claim = await post("a", "/api/review/claim", { domain: "edit" });
    expect(claim.status).toBe(200);
    held = claim.body.item.candidateId;
    const before = await one<{ answer: string; band: string; run_id: number }>(
      "select c.answer, s.band::text as band, s.run_id from candidate c join candidate_score s on s.candidate_id = c.id where c.id = $1",
      [held],
    );
    expect(before.band).toBe("teachable");
    heldAnswer = before.answer;

    expect((await post("b", "/api/review/edit", { candidateId: held, answer: "999999" })).status).toBe(409);
    expect((await post("c", "/api/review/edit", { candidateId: held, answer: "999999" })).status).toBe(403);
    expect((await post("a", "/api/review/edit", { candidateId: 2_000_000_000, answer: "1" })).status).toBe(404);

    const res = await post("a", "/api/review/edit", { candidateId: held, answer: " 999999 ", note: "the reference was wrong" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ candidateId: held, rescoring: true });
    runOfHeld = res.body.rescoreRunId;

    // One transaction wrote all of it: the edit with the imported original, the candidate,
    // the run of this one candidate with the old run's settings, the flag, the audit, the job.
    const { rows: edits } = await pool().query("select field, before, after, note, editor_id, rescore_run_id from candidate_edit where candidate_id = $1", [held]);
    expect(edits).toEqual([
      { field: "answer", before: heldAnswer, after: "999999", note: "the reference was wrong", editor_id: users.a.principal.userId, rescore_run_id: runOfHeld },
    ]);
    expect((await one<{ answer: string }>("select answer from candidate where id = $1", [held])).answer).toBe("999999");
    expect(await rescoring(held)).toBe(true);
    const run = await one<Record<string, unknown>>(
      "select r.status::text as status, r.mode::text as mode, r.k, r.total, r.target_endpoint_id, r.parent_run_id, r.created_by, i.candidate_id from scoring_run r join run_item i on i.run_id = r.id where r.id = $1",
      [runOfHeld],
    );
    expect(run).toMatchObject({ status: "queued", mode: "live", k: 8, total: 1, target_endpoint_id: target, parent_run_id: before.run_id, candidate_id: held });
    expect(run.created_by).toMatch(/re-score after edit #\d+/);
    const audit = await one<{ actor_email: string; details: { fields: string[]; rescoreRunId: number } }>(
      "select actor_email, details from audit_event where action = 'review.edit' and target_id = $1",
      [String(held)],
    );
    expect(audit).toMatchObject({ actor_email: "a@edit.test", details: { fields: ["answer"], rescoreRunId: runOfHeld } });
    const jobs = await (await boss()).findJobs("review.rescore", { key: rescoreKey(runOfHeld) });
    expect(jobs.map((j) => [j.state, j.data])).toEqual([["created", { candidateId: held, runId: runOfHeld }]]);
  });

  it("the job is part of the edit's transaction: rolled back, it does not exist", async () => {
    const boom = inTransaction(async (c) => {
      await enqueue("review.rescore", { candidateId: held, runId: 2_000_000_000 }, { inTransaction: c, key: "rolled-back" });
      throw new Error("boom");
    });
    await expect(boom).rejects.toThrow("boom");
    expect(await (await boss()).findJobs("review.rescore", { key: "rolled-back" })).toEqual([]);
  });

  it("a second edit while the first re-score runs is a 409", async () => {
    expect((await post("a", "/api/review/edit", { candidateId: held, answer: "1" })).status).toBe(409);
  });

  it("refuses bad input with 400: NUL, nothing to edit, blank, too long, nothing changed", async () => {
    const item = await fresh();
    const other = item.id;
    for (const body of [
      { candidateId: other, answer: "4\u00002" },
      { candidateId: other, prompt: "a\u0000b" },
      { candidateId: other },
      { candidateId: other, note: "just a note" },
      { candidateId: other, prompt: "   " },
      { candidateId: other, answer: "x".repeat(100_001) },
    ]) {
      expect((await post("lead", "/api/review/edit", body)).status, JSON.stringify(body).slice(0, 60)).toBe(400);
    }
    const same = await post("lead", "/api/review/edit", { candidateId: other, prompt: item.prompt });
    expect(same.status).toBe(400);
    expect(await pool().query("select 1 from candidate_edit where candidate_id = $1", [other])).toMatchObject({ rowCount: 0 });
  });

  it("a prompt that duplicates another candidate of the domain (after the importer's normalisation) is a 409 naming it", async () => {
    const { id: mine, prompt: myPrompt } = await fresh();
    const { id: theirs, prompt: theirPrompt } = await fresh();
    const spaced = "  " + theirPrompt.replace(/ /g, "   ") + "\n";
    const res = await post("lead", "/api/review/edit", { candidateId: mine, prompt: spaced });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain(`#${theirs}`);
    expect(res.body.error.details).toEqual({ duplicateOf: theirs });
    expect((await one<{ prompt: string }>("select prompt from candidate where id = $1", [mine])).prompt).toBe(myPrompt);
    expect(await pool().query("select 1 from candidate_edit where candidate_id = $1", [mine])).toMatchObject({ rowCount: 0 });
  });

  it("a final item is a 409, even for a lead", async () => {
    const claim = await post("b", "/api/review/claim", { domain: "edit" });
    const id = claim.body.item.candidateId;
    expect((await post("b", "/api/review/decisions", { candidateId: id, decision: "accept" })).status).toBe(200);
    const res = await post("lead", "/api/review/edit", { candidateId: id, answer: "7" });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/final/);
  });

  it("an edit racing a decision on the same item: each answers 200 or 409, never a deadlock or a 500", async () => {
    for (let i = 0; i < 3; i++) {
      const claim = await post("b", "/api/review/claim", { domain: "edit" });
      const id = claim.body.item.candidateId;
      used.add(id);
      const [edit, decision] = await Promise.all([
        post("b", "/api/review/edit", { candidateId: id, answer: `race ${i}` }),
        post("b", "/api/review/decisions", { candidateId: id, decision: "reject", reason: "ambiguous" }),
      ]);
      expect([edit.status, decision.status].every((s) => s === 200 || s === 409), `${edit.status} ${decision.status}`).toBe(true);
      expect(decision.status).toBe(200); // the decision needs only the lease, which the edit keeps
      const edits = await pool().query("select 1 from candidate_edit where candidate_id = $1", [id]);
      expect(edits.rowCount).toBe(edit.status === 200 ? 1 : 0);
    }
  });

  it("a never-scored candidate: the edit is recorded, nothing to re-score (rescoring false)", async () => {
    const id = (await candidateByPrompt(late[0].prompt)).id;
    const res = await editCandidate(users.lead.principal, { candidateId: id, answer: "12" });
    expect(res).toEqual({ candidateId: id, rescoring: false, rescoreRunId: null });
    expect(await candidateEdits(id)).toMatchObject([{ by: "lead@edit.test", field: "answer", before: late[0].answer, after: "12", rescoreRunId: null }]);
    expect(await rescoring(id)).toBe(false);
  });
});

let leadEdited: number;
let leadOriginal: { prompt: string; answer: string };
let newPrompt: string;
let lostRun: number;
let stuckRun: number;

describe("crash and lost jobs: nothing stays re-scoring", () => {
  it("a lead edits the prompt (no lease needed); its job is lost; the sweep queues it again", async () => {
    const item = await fresh();
    leadEdited = item.id;
    leadOriginal = item;
    newPrompt = `${item.prompt} Then 4 more arrive.`;
    sim.addAnswerKey([{ prompt: newPrompt, kind: "math", answer: String(Number(item.answer) + 4) }]);
    const res = await editCandidate(users.lead.principal, { candidateId: leadEdited, prompt: newPrompt, answer: String(Number(item.answer) + 4) });
    lostRun = res.rescoreRunId!;
    const b = await boss();
    for (const j of await b.findJobs("review.rescore", { key: rescoreKey(lostRun) })) await b.cancel("review.rescore", j.id);
    const sweep = await sweepRescores();
    expect(sweep.requeued).toContain(leadEdited);
    expect(sweep.requeued).not.toContain(held); // its job is alive: left alone
    const alive = (await b.findJobs("review.rescore", { key: rescoreKey(lostRun) })).filter((j) => j.state === "created");
    expect(alive).toHaveLength(1);
  });

  it("a run finished but its flag was never cleared (the worker died in between): the sweep clears it", async () => {
    const { id } = await fresh();
    const res = await editCandidate(users.lead.principal, { candidateId: id, answer: "31337" });
    stuckRun = res.rescoreRunId!;
    const b = await boss();
    for (const j of await b.findJobs("review.rescore", { key: rescoreKey(stuckRun) })) await b.cancel("review.rescore", j.id);
    await driveRun(stuckRun, { continueAsJob: false, leaseSeconds: 5 });
    expect(await rescoring(id)).toBe(true);
    const sweep = await sweepRescores();
    expect(sweep.cleared).toContain(id);
    expect(await rescoring(id)).toBe(false);
    expect((await one<{ run_id: number }>("select run_id from candidate_score where candidate_id = $1", [id])).run_id).toBe(stuckRun);
  });

  it("a re-score with no live job for too long is cancelled and cleared", async () => {
    const { id } = await fresh();
    const res = await editCandidate(users.lead.principal, { candidateId: id, answer: "4242" });
    const b = await boss();
    for (const j of await b.findJobs("review.rescore", { key: rescoreKey(res.rescoreRunId!) })) await b.cancel("review.rescore", j.id);
    const sweep = await sweepRescores({ giveUpAfterMs: 0 });
    expect(sweep.gaveUp).toEqual([id]);
    expect(await rescoring(id)).toBe(false);
    expect((await one<{ status: string }>("select status::text from scoring_run where id = $1", [res.rescoreRunId])).status).toBe("cancelled");
    expect((await candidateEdits(id))[0]).toMatchObject({ rescoreStatus: "cancelled" });
  });
});

describe("the re-score, through the real worker and the simulator", () => {
  it("drives each run, replaces the score, clears the flag, and the slot follows the new band", async () => {
    const oldSamples = await one<{ n: number }>("select count(*)::int as n from sample where candidate_id = $1", [held]);
    await startWorker();
    await until(async () => !(await rescoring(held)) && !(await rescoring(leadEdited)), 60_000);

    // The held item: its reference is now wrong for every sampled answer → too hard.
    const score = await one<{ run_id: number; passes: number; k: number; band: string }>(
      "select run_id, passes, k, band::text as band from candidate_score where candidate_id = $1",
      [held],
    );
    expect(score).toEqual({ run_id: runOfHeld, passes: 0, k: 8, band: "too_hard" });
    const bySample = await pool().query<{ run_id: number; n: number }>(
      "select run_id, count(*)::int as n from sample where candidate_id = $1 and role = 'target' group by run_id order by run_id",
      [held],
    );
    expect(bySample.rows.map((r) => r.n)).toEqual([8, 8]); // the old run's samples are kept
    expect(oldSamples.n).toBe(8);
    expect((await one<{ status: string }>("select status::text from scoring_run where id = $1", [runOfHeld])).status).toBe("done");
    const slots = await pool().query<{ band: string }>("select band::text from review_slot where candidate_id = $1", [held]);
    expect(slots.rows.length).toBeGreaterThan(0);
    expect(slots.rows.every((s) => s.band === "too_hard")).toBe(true); // out of the teachable queue

    // The lead's prompt edit was scored on the new prompt (the simulator knows its answer).
    const lead = await one<{ run_id: number; k: number }>("select run_id, k from candidate_score where candidate_id = $1", [leadEdited]);
    expect(lead).toEqual({ run_id: lostRun, k: 8 });
    const prompts = await pool().query<{ correct: boolean }>("select correct from sample where run_id = $1", [lostRun]);
    expect(prompts.rowCount).toBe(8);

    const history = await candidateEdits(held);
    expect(history).toEqual([
      expect.objectContaining({ by: "a@edit.test", field: "answer", before: heldAnswer, after: "999999", note: "the reference was wrong", rescoreRunId: runOfHeld, rescoreStatus: "done" }),
    ]);
    const both = await candidateEdits(leadEdited);
    expect(both.map((e) => [e.field, e.before === leadOriginal.prompt || e.before === leadOriginal.answer])).toEqual([
      ["prompt", true],
      ["answer", true],
    ]);

    // Now the holder may edit again.
    expect((await post("a", "/api/review/edit", { candidateId: held, answer: heldAnswer })).status).toBe(200);
    await until(async () => !(await rescoring(held)), 60_000);
    const again = await one<{ run_id: number; band: string }>("select run_id, band::text as band from candidate_score where candidate_id = $1", [held]);
    expect(again.run_id).toBeGreaterThan(runOfHeld);
    const slotsAgain = await pool().query<{ band: string }>("select band::text from review_slot where candidate_id = $1", [held]);
    expect(slotsAgain.rows.every((s) => s.band === again.band)).toBe(true);
    expect((await candidateEdits(held)).map((e) => e.after)).toEqual(["999999", heldAnswer]);
  }, 120_000);
});
