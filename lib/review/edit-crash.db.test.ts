import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/audit";
import { createUser } from "@/lib/auth/users";
import { pool } from "@/lib/db/client";
import { startSimulator, type Simulator } from "@/lib/models/simulator";
import { driveRun } from "@/lib/scoring/driver";
import { createRun } from "@/lib/scoring/runs";
import { closeConnections, createTestEndpoint, mathItems, seedDomain, testActor } from "@/lib/scoring/test-fixtures";
import { useMigratedDatabase } from "@/lib/testing/db";
import { exited, spawnWorker, until } from "@/lib/testing/worker-process";
import { editCandidate } from "./edit";

// The real worker process (`npm run worker`) killed with SIGKILL while it re-scores an edited
// candidate, then started again: the candidate must not stay "re-scoring" (issue 8's bar).

let url = "";
let sim: Simulator;
const items = mathItems(4, "rescore-crash");
const home = fs.mkdtempSync(path.join(os.tmpdir(), "rescore-crash-home-"));

const startWorker = () => spawnWorker(url, home);
const row = async <T>(sql: string, params: unknown[]) => (await pool().query(sql, params)).rows[0] as T;

beforeAll(async () => {
  url = await useMigratedDatabase();
  sim = await startSimulator({ withDemoKey: false, answerKeys: items.map((i) => i.key) });
  await seedDomain("crash", items);
});

afterAll(async () => {
  await sim?.close();
  await closeConnections();
});

describe("a worker killed while it re-scores an edit", () => {
  it("SIGKILL mid re-score, restart: the run finishes and the flag is cleared", async () => {
    const endpoint = await createTestEndpoint("sim", sim.url, "sim-target", 4);
    const run = await createRun({ domain: "crash", targetEndpointId: endpoint.id, phase: "scaling", k: 4 }, testActor);
    await driveRun(run.id, { continueAsJob: false, leaseSeconds: 2 });
    const lead = await createUser(systemActor, { email: "lead@crash.test", name: "Lead", role: "lead", password: "crash-test-pass" });
    const { id } = await row<{ id: number }>("select id from candidate where prompt = $1", [items[0].prompt]);

    sim.setFaults({ latencyMs: 1500 }); // the re-score is in flight when the worker dies
    const edit = await editCandidate({ userId: lead.id, email: lead.email, name: "Lead", role: "lead", via: "session" }, { candidateId: id, answer: "777777" });
    expect(edit.rescoring).toBe(true);

    const first = startWorker();
    try {
      await until(async () => (await row<{ n: number }>("select count(*)::int as n from run_item where run_id = $1 and leased_until is not null", [edit.rescoreRunId])).n > 0, 60_000);
      first.kill("SIGKILL");
      await exited(first);
    } finally {
      first.kill("SIGKILL");
    }
    const midway = await row<{ rescoring: boolean; status: string }>(
      "select ri.rescoring_since is not null as rescoring, r.status::text as status from review_item ri, scoring_run r where ri.candidate_id = $1 and r.id = $2",
      [id, edit.rescoreRunId],
    );
    expect(midway).toEqual({ rescoring: true, status: "running" });

    sim.setFaults({ latencyMs: 0 });
    const second = startWorker();
    try {
      await until(async () => !(await row<{ r: boolean }>("select rescoring_since is not null as r from review_item where candidate_id = $1", [id])).r, 30_000); // the start-up sweep, not pg-boss noticing the dead job (~1.5 min)
    } finally {
      second.kill("SIGTERM");
      await exited(second);
    }
    const after = await row<{ status: string; run_id: number; passes: number; k: number }>(
      "select r.status::text as status, s.run_id, s.passes, s.k from scoring_run r join candidate_score s on s.run_id = r.id where s.candidate_id = $1",
      [id],
    );
    expect(after).toEqual({ status: "done", run_id: edit.rescoreRunId, passes: 0, k: 4 });
    const samples = await row<{ n: number }>("select count(*)::int as n from sample where run_id = $1 and role = 'target'", [edit.rescoreRunId]);
    expect(samples.n).toBe(4); // exactly k, however often it was driven
  }, 180_000);
});
