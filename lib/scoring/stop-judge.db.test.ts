import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db/client";
import { startSimulator, type Simulator } from "@/lib/models/simulator";
import { useMigratedDatabase } from "@/lib/testing/db";
import { driveRun } from "./driver";
import { createRun, getRun, pauseRun, runProgress } from "./runs";
import { closeConnections, createTestEndpoint, mathItems, seedDomain, testActor } from "./test-fixtures";

// A pause while the judge grades answer-kind-none samples (issue 12's grading calls): they
// take the run's stop signal like every other model call, so the driver lets go at once and
// no grade the judge gave after the pause is recorded. The target answers at once; the judge
// takes 2 s a call, so without the signal a pause waits for a whole wave of grading.

const LATENCY_MS = 2000;
let fast: Simulator;
let slow: Simulator;
let target: number;
let judge: number;
const items = mathItems(120, "graded-stop");

beforeAll(async () => {
  await useMigratedDatabase();
  fast = await startSimulator({ withDemoKey: false, answerKeys: items.map((i) => i.key), seed: 5 });
  slow = await startSimulator({ withDemoKey: false, answerKeys: items.map((i) => i.key), seed: 5, latencyMs: LATENCY_MS });
  target = (await createTestEndpoint("fast-target", fast.url, "sim-target", 48)).id;
  judge = (await createTestEndpoint("slow-judge", slow.url, "sim-strong", 48)).id;
  await seedDomain("graded-stop", items, "none");
});

afterAll(async () => {
  await fast?.close();
  await slow?.close();
  await closeConnections();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("pausing during judge grading", () => {
  it("returns at once: the grading calls in flight are aborted and nothing answered after the pause is recorded", async () => {
    const run = await createRun({ domain: "graded-stop", targetEndpointId: target, phase: "scaling", k: 2, judgeEndpointId: judge }, testActor);
    const driving = driveRun(run.id, { continueAsJob: false, leaseSeconds: 30 });
    // A wave of grading calls on its way (the target has answered them all at once).
    while (slow.stats().inFlight < 20) await sleep(20);
    await sleep(LATENCY_MS / 4);
    const gradedBefore = slow.stats().answeredChoices;
    const stoppedAt = Date.now();
    await pauseRun(run.id, testActor);
    const result = await driving;
    const driverMs = Date.now() - stoppedAt;
    expect(result.outcome).toBe("stopped");
    expect(driverMs).toBeLessThan(LATENCY_MS / 2);
    expect(slow.stats().inFlight).toBe(0);
    await sleep(LATENCY_MS + 500); // anything still coming would be written by now

    // Grades recorded: at most the ones the judge gave before the pause; no grading "failure" rows.
    const { rows } = await pool().query<{ grades: number; failed: number }>(
      `select count(*) filter (where role = 'judge')::int as grades,
              count(*) filter (where error like 'judge grading failed%')::int as failed
         from sample where run_id = $1`,
      [run.id],
    );
    expect(rows[0].grades).toBeLessThanOrEqual(gradedBefore);
    expect(rows[0].failed).toBe(0);
    expect(await runProgress(run.id)).toMatchObject({ status: "paused", inFlight: 0 });
    expect((await getRun(run.id)).status).toBe("paused");
  });
});
