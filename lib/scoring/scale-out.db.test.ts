import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db/client";
import { startSimulator, type Simulator } from "@/lib/models/simulator";
import { useMigratedDatabase } from "@/lib/testing/db";
import { exited, spawnWorker, until } from "@/lib/testing/worker-process";
import { createRun, getRun, runProgress } from "./runs";
import { closeConnections, createTestEndpoint, mathItems, seedDomain, testActor } from "./test-fixtures";

// Scale-out: two real worker processes (`npm run worker`) drive one run. Each start queues a
// driver for every running run (requeueRunningRuns), so both take a share; items are leased
// per driver and endpoint slots per process (endpoint_slot), so the endpoint's limit holds
// across both. Then one is SIGKILLed and the other finishes the run alone.

let url = "";
let sim: Simulator;
const items = mathItems(400, "scale");
const home = fs.mkdtempSync(path.join(os.tmpdir(), "scale-home-"));
const LIMIT = 6;

beforeAll(async () => {
  url = await useMigratedDatabase();
  sim = await startSimulator({ withDemoKey: false, answerKeys: items.map((i) => i.key), latencyMs: 150 });
  await seedDomain("scale", items);
});

afterAll(async () => {
  await sim?.close();
  await closeConnections();
});

/** Pids of the worker processes holding the endpoint's slots right now (holder = host:pid:random). */
async function slotHolders(endpointId: number): Promise<Set<number>> {
  const { rows } = await pool().query<{ holder: string }>(
    "select distinct holder from endpoint_slot where endpoint_id = $1 and holder is not null and leased_until > now()",
    [endpointId],
  );
  return new Set(rows.map((r) => Number(r.holder.split(":")[1])));
}

describe("two worker processes on one run", () => {
  it("share it, hold the endpoint's limit across both, store each (candidate, index) once, and survive a SIGKILL of one", async () => {
    const endpoint = await createTestEndpoint("sim", sim.url, "sim-target", LIMIT);
    const run = await createRun({ domain: "scale", targetEndpointId: endpoint.id, phase: "scaling", k: 4 }, testActor);
    sim.resetStats();
    const workers = [spawnWorker(url, home), spawnWorker(url, home)];
    const seen = new Set<number>();
    try {
      // Both processes have requests in flight at the same time (each holds slots of the endpoint).
      await until(async () => {
        const holders = await slotHolders(endpoint.id);
        for (const pid of holders) seen.add(pid);
        return holders.size === 2;
      }, 60_000);
      expect([...seen].sort()).toEqual(workers.map((w) => w.pid!).sort());
      const before = (await getRun(run.id)).completed;
      expect(before).toBeLessThan(300);

      workers[0].kill("SIGKILL");
      await exited(workers[0]);
      const atKill = await runProgress(run.id);
      expect(atKill.status).toBe("running");
      expect(atKill.completed).toBeLessThan(400);

      // The survivor takes over the dead one's items once their leases run out (2 s here).
      await until(async () => (await getRun(run.id)).status === "done", 90_000);
    } finally {
      for (const w of workers) w.kill("SIGKILL");
      await Promise.all(workers.map(exited));
    }

    // Never more requests at the simulator than the endpoint allows, across both processes.
    const stats = sim.stats();
    expect(stats.maxInFlight).toBeGreaterThan(1);
    expect(stats.maxInFlight).toBeLessThanOrEqual(LIMIT);

    // Each (candidate, sample index) exactly once: indices 0..3 for all 400 candidates.
    const { rows } = await pool().query<{ candidate_id: number; indices: number[] }>(
      `select candidate_id, array_agg("index" order by "index") as indices from sample
        where run_id = $1 and role = 'target' group by candidate_id`,
      [run.id],
    );
    expect(rows).toHaveLength(400);
    for (const r of rows) expect(r.indices).toEqual([0, 1, 2, 3]);
    expect(await runProgress(run.id)).toMatchObject({ status: "done", completed: 400, done: 400, failed: 0, samples: 1600, sampleErrors: 0 });
    // Only what the killed worker had answered but not yet written was asked again: choices
    // answered beyond the stored samples stay within its lanes (two drivers per worker, each
    // with ceil(limit × 1.25) + 2 lanes, driver.ts) × k. Sampling twice would add 1,600.
    expect(stats.answeredChoices - 1600).toBeLessThanOrEqual(2 * (Math.ceil(LIMIT * 1.25) + 2) * 4);
  }, 150_000);
});
