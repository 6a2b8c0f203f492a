import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/audit";
import type { Principal } from "@/lib/auth/principal";
import { createUser } from "@/lib/auth/users";
import { pool } from "@/lib/db/client";
import { startSimulator, type Simulator } from "@/lib/models/simulator";
import { editCandidate } from "@/lib/review";
import { driveRun } from "./driver";
import { EDITED_DURING_RUN } from "./record";
import { createRun, runFailures } from "./runs";
import { closeConnections, createTestEndpoint, mathItems, seedDomain, testActor } from "./test-fixtures";
import { useMigratedDatabase } from "@/lib/testing/db";

// A score describes the text the candidate has now. A run created before an edit may hold
// samples of the old prompt or checks against the old reference: it must not settle the
// edited candidate, whenever it finishes — before or after the edit's own re-score run.

let sim: Simulator;
let endpoint: number;
let lead: Principal;
const items = mathItems(6, "edited");

beforeAll(async () => {
  await useMigratedDatabase();
  sim = await startSimulator({ withDemoKey: false, answerKeys: items.map((i) => i.key), seed: 11 });
  endpoint = (await createTestEndpoint("sim", sim.url)).id;
  await seedDomain("edited", items);
  const u = await createUser(systemActor, { email: "lead@edited.test", name: "lead", role: "lead", password: "edited-test-pass" });
  lead = { userId: u.id, email: u.email, name: "lead", role: "lead", via: "session" };
}, 60_000);

afterAll(async () => {
  await sim?.close();
  await closeConnections();
});

const scoreOf = async (id: number) =>
  (await pool().query<{ run_id: number; k: number }>("select run_id, k from candidate_score where candidate_id = $1", [id])).rows[0];
const itemOf = async (runId: number, id: number) =>
  (await pool().query<{ status: string; error: string | null }>("select status::text, error from run_item where run_id = $1 and candidate_id = $2", [runId, id])).rows[0];

describe("an edit while another run has the candidate", () => {
  it("the older run leaves it out; the re-score's score stands; a run created after the edit scores it", async () => {
    const first = await createRun({ domain: "edited", targetEndpointId: endpoint, phase: "scaling", k: 4 }, testActor);
    await driveRun(first.id, { continueAsJob: false });
    const { rows } = await pool().query<{ id: number }>("select c.id from candidate c join domain d on d.id = c.domain_id where d.slug = 'edited' order by c.id");
    const [x, ...others] = rows.map((r) => r.id);
    expect(await scoreOf(x)).toEqual({ run_id: first.id, k: 4 });

    // Other settings (k = 2): this run takes every candidate again. It is created before the edit.
    const older = await createRun({ domain: "edited", targetEndpointId: endpoint, phase: "scaling", k: 2 }, testActor);
    expect(older.total).toBe(items.length);
    const edit = await editCandidate(lead, { candidateId: x, answer: "999999" });
    expect(edit.rescoring).toBe(true);
    await driveRun(edit.rescoreRunId!, { continueAsJob: false });
    expect(await scoreOf(x)).toEqual({ run_id: edit.rescoreRunId, k: 4 });

    // The older run finishes afterwards: without the rule its old-text score would replace the re-score's.
    expect(await driveRun(older.id, { continueAsJob: false })).toMatchObject({ outcome: "done" });
    expect(await itemOf(older.id, x)).toEqual({ status: "failed", error: EDITED_DURING_RUN });
    expect(await runFailures(older.id)).toEqual([{ reason: EDITED_DURING_RUN, count: 1, candidateIds: [x] }]); // the run page's "Why … failed"
    expect(await scoreOf(x)).toEqual({ run_id: edit.rescoreRunId, k: 4 });
    for (const id of others) expect(await scoreOf(id)).toEqual({ run_id: older.id, k: 2 });

    // A run created after the edit read the new text: it settles the candidate as usual.
    const later = await createRun({ domain: "edited", targetEndpointId: endpoint, phase: "scaling", k: 3 }, testActor);
    await driveRun(later.id, { continueAsJob: false });
    expect(await itemOf(later.id, x)).toEqual({ status: "done", error: null });
    expect(await scoreOf(x)).toEqual({ run_id: later.id, k: 3 });
  }, 60_000);
});
