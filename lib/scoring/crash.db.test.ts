import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "@/lib/models/simulator";
import { useMigratedDatabase } from "@/lib/testing/db";
import { exited, spawnWorker, until } from "@/lib/testing/worker-process";
import { createRun, getRun, runProgress } from "./runs";
import { closeConnections, createTestEndpoint, mathItems, samplesPerCandidate, seedDomain, testActor } from "./test-fixtures";

// The real worker process (`npm run worker`), killed with SIGKILL mid-run and started again.

let url = "";
let sim: Simulator;
const items = mathItems(200, "crash");
const home = fs.mkdtempSync(path.join(os.tmpdir(), "crash-home-"));

const startWorker = () => spawnWorker(url, home);

beforeAll(async () => {
  url = await useMigratedDatabase();
  sim = await startSimulator({ withDemoKey: false, answerKeys: items.map((i) => i.key), latencyMs: 80 });
  await seedDomain("crash", items);
});

afterAll(async () => {
  await sim?.close();
  await closeConnections();
});

describe("a killed worker", () => {
  it("SIGKILL mid-run, restart: the run finishes with exactly k samples per candidate", async () => {
    const endpoint = await createTestEndpoint("sim", sim.url, "sim-target", 8);
    const run = await createRun({ domain: "crash", targetEndpointId: endpoint.id, phase: "scaling", k: 4 }, testActor);
    const first = startWorker();
    try {
      await until(async () => (await getRun(run.id)).completed >= 30, 60_000);
      first.kill("SIGKILL");
      await exited(first);
    } finally {
      first.kill("SIGKILL");
    }
    const midway = await runProgress(run.id);
    expect(midway.status).toBe("running");
    expect(midway.completed).toBeLessThan(200);

    const second = startWorker();
    try {
      await until(async () => (await getRun(run.id)).status === "done", 90_000);
    } finally {
      second.kill("SIGTERM");
      await exited(second);
    }
    const counts = await samplesPerCandidate(run.id);
    expect(counts.size).toBe(200);
    expect([...counts.values()].every((n) => n === 4)).toBe(true);
    const done = await runProgress(run.id);
    expect(done).toMatchObject({ completed: 200, done: 200, samples: 800, sampleErrors: 0 });
  }, 120_000);
});
