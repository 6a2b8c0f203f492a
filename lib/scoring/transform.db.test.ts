import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db/client";
import { startSimulator, type Simulator } from "@/lib/models/simulator";
import { useMigratedDatabase } from "@/lib/testing/db";
import { tokenUsers } from "@/lib/testing/route-calls";
import { driveRun } from "./driver";
import { createRun } from "./runs";
import { closeConnections, createTestEndpoint, seedDomain, testActor } from "./test-fixtures";
import { runTransformJob, transformCandidates, transformNow } from "./transform";

// Synthetic transformation against the simulator: proof-style prompts without an answer
// become checkable variants, linked to their parents and scored like any candidate.

let sim: Simulator;
let target: number;
let teacher: number;
const proofs = Array.from({ length: 12 }, (_, i) => ({ prompt: `[proof ${i}] Prove that the sum of ${i + 2} consecutive integers has a closed form.`, answer: null }));

beforeAll(async () => {
  await useMigratedDatabase();
  sim = await startSimulator({ withDemoKey: false });
  target = (await createTestEndpoint("sim-target", sim.url)).id;
  teacher = (await createTestEndpoint("sim-strong", sim.url, "sim-strong")).id;
  await seedDomain("proofs", proofs);
});

afterAll(async () => {
  await sim?.close();
  await closeConnections();
});

describe("transforms", () => {
  it("unverifiable parents → variants with a short answer, lineage both ways, duplicates skipped, then scored", async () => {
    const first = await createRun({ domain: "proofs", targetEndpointId: target, phase: "scaling" }, testActor);
    await driveRun(first.id, { continueAsJob: false });
    const { rows: parents } = await pool().query<{ id: number; band: string }>(
      "select candidate_id as id, band::text from candidate_score where run_id = $1 order by candidate_id",
      [first.id],
    );
    expect(parents.map((p) => p.band)).toEqual(Array(12).fill("unverifiable"));

    // A lead picks "transform the unverifiable ones": queued as a job with the resolved ids.
    const queued = await transformCandidates({ domain: "proofs", endpointId: teacher }, testActor);
    expect(queued.candidates).toBe(12);
    await expect(transformCandidates({ domain: "proofs", endpointId: 999 }, testActor)).rejects.toThrow();

    const report = await runTransformJob({ candidateIds: parents.map((p) => p.id), endpointId: teacher, actorEmail: testActor.email });
    expect(report).toMatchObject({ requested: 12, created: 12, duplicates: 0, failed: 0 });
    const { rows: children } = await pool().query<{ id: number; answer: string; source: string; parent_id: number; stage: string; prompt: string }>(
      `select c.id, c.answer, c.source, c.stage::text, c.prompt, l.parent_id from candidate c join candidate_lineage l on l.child_id = c.id order by c.id`,
    );
    expect(children).toHaveLength(12);
    for (const c of children) {
      expect(c).toMatchObject({ source: "transform", stage: "imported" });
      expect(c.answer).toMatch(/^\d+$/);
      expect(parents.some((p) => p.id === c.parent_id)).toBe(true);
    }

    // Asking again yields the same variants: nothing new, reported as duplicates.
    expect(await transformNow(parents.slice(0, 3).map((p) => p.id), teacher, testActor)).toMatchObject({ created: 0, duplicates: 3 });
    // Already transformed parents are not picked again by the domain action.
    await expect(transformCandidates({ domain: "proofs", endpointId: teacher }, testActor)).rejects.toMatchObject({ code: "bad_request" });

    // The variants are candidates like any other: a scaling run scores them.
    const second = await createRun({ domain: "proofs", targetEndpointId: target, phase: "scaling" }, testActor);
    expect(second.total).toBe(12);
    await driveRun(second.id, { continueAsJob: false });
    const { rows: scored } = await pool().query<{ band: string; k: number }>("select band::text, k from candidate_score where run_id = $1", [second.id]);
    expect(scored).toHaveLength(12);
    for (const s of scored) expect(s).toMatchObject({ k: 8, band: expect.stringMatching(/too_easy|teachable|too_hard/) });

    // The page's rule, enforced by the API: a parent with a variant is a 409 naming it; a
    // checkable candidate that sampling can use (here a variant made too easy) is a 400.
    const parent = children[0].parent_id;
    const variant = Math.min(...children.filter((c) => c.parent_id === parent).map((c) => c.id));
    await expect(transformCandidates({ candidateIds: [parent], endpointId: teacher }, testActor)).rejects.toMatchObject({
      status: 409, message: `Not transformed: candidate #${parent}: variant #${variant} exists`,
    });
    const easy = children.find((c) => c.parent_id !== parent)!.id;
    await pool().query("update candidate_score set band = 'too_easy' where candidate_id = $1", [easy]);
    await expect(transformCandidates({ candidateIds: [easy], endpointId: teacher }, testActor)).rejects.toMatchObject({
      status: 400, message: expect.stringContaining(`candidate #${easy}: it is too easy`),
    });
    await expect(transformCandidates({ candidateIds: [2_000_000], endpointId: teacher }, testActor)).rejects.toMatchObject({ status: 404 });
    // Through the route, as a lead with a token: the same 409.
    const api = tokenUsers("transform.test");
    await api.add("lead", "lead");
    const { POST } = await import("@/app/api/transforms/route");
    const res = await api.request(POST, "lead", { path: "api/transforms", body: { candidateIds: [parent], endpointId: teacher } });
    expect(res.status).toBe(409);
    expect((await res.json()).error.message).toMatch(/variant #\d+ exists/);
  });

  it("variants of a domain that cannot check answers (kind none) go to the chosen target domain", async () => {
    const theorems = proofs.map((p) => ({ ...p, prompt: p.prompt.replace("[proof", "[theorem") }));
    await seedDomain("theorems", theorems, "none");
    const mathId = await seedDomain("theorem-variants", [], "math");
    const { rows } = await pool().query<{ id: number }>(
      "select c.id from candidate c join domain d on d.id = c.domain_id where d.slug = 'theorems' order by c.id limit 4",
    );
    const ids = rows.map((r) => r.id);
    const queued = await transformCandidates({ candidateIds: ids, endpointId: teacher, targetDomain: "theorem-variants" }, testActor);
    expect(queued.candidates).toBe(4);
    await expect(transformCandidates({ candidateIds: ids, endpointId: teacher, targetDomain: "no-such-domain" }, testActor)).rejects.toMatchObject({ code: "not_found" });

    const report = await runTransformJob({ candidateIds: ids, endpointId: teacher, targetDomainId: mathId, actorEmail: testActor.email });
    expect(report).toMatchObject({ requested: 4, created: 4, failed: 0 });
    const { rows: children } = await pool().query<{ domain_id: number; parent_id: number }>(
      "select c.domain_id, l.parent_id from candidate c join candidate_lineage l on l.child_id = c.id where l.parent_id = any($1::int[])",
      [ids],
    );
    expect(children).toHaveLength(4);
    for (const c of children) expect(c.domain_id).toBe(mathId);

    // In a math domain the variants' short answers are checkable: scoring puts them in bands.
    const run = await createRun({ domain: "theorem-variants", targetEndpointId: target, phase: "scaling" }, testActor);
    expect(run.total).toBe(4);
    await driveRun(run.id, { continueAsJob: false });
    const { rows: scored } = await pool().query<{ band: string }>("select band::text from candidate_score where run_id = $1", [run.id]);
    expect(scored.map((s) => s.band).every((b) => b !== "unverifiable")).toBe(true);
  });
});
