import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db/client";
import { startSimulator, type Simulator } from "@/lib/models/simulator";
import { useMigratedDatabase } from "@/lib/testing/db";
import { driveRun, type DriveResult } from "./driver";
import { passRateHistogram } from "./queries";
import { cancelRun, createRun, explorationProjection, getRun, pauseRun, resumeRun, runProgress } from "./runs";
import { closeConnections, createTestEndpoint, mathItems, samplesPerCandidate, seedDomain, testActor } from "./test-fixtures";

// Stops that stop (issue 10): a pause or a cancel aborts the requests in flight and gives the
// claimed items back at once. Whatever the endpoint had not answered when the stop was
// written must never become a sample. The simulator is slow (2 s a completion) with many
// requests in flight, so a driver that lets in-flight requests finish records a whole wave
// of answers that came after the stop.

const K = 4;
const LATENCY_MS = 2000;
let sim: Simulator;
let target: number;

beforeAll(async () => {
  await useMigratedDatabase();
  sim = await startSimulator({ withDemoKey: false, seed: 11, latencyMs: LATENCY_MS });
  target = (await createTestEndpoint("sim-slow", sim.url, "sim-target", 48)).id;
});

afterAll(async () => {
  await sim?.close();
  await closeConnections();
});

const sampleCount = async (runId: number) =>
  (await pool().query<{ n: number }>("select count(*)::int as n from sample where run_id = $1", [runId])).rows[0].n;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Start a run over a fresh domain and wait until its first samples are written. */
async function startSlowRun(slug: string, n: number, sampleSize?: number): Promise<{ runId: number; driving: Promise<DriveResult> }> {
  sim.resetStats(); // answeredChoices counts this run's answers only
  const items = mathItems(n, slug);
  sim.addAnswerKey(items.map((i) => i.key));
  await seedDomain(slug, items);
  const run = await createRun(
    sampleSize
      ? { domain: slug, targetEndpointId: target, phase: "exploration", sampleSize, k: K }
      : { domain: slug, targetEndpointId: target, phase: "scaling", k: K },
    testActor,
  );
  const driving = driveRun(run.id, { continueAsJob: false, leaseSeconds: 30 });
  while ((await sampleCount(run.id)) === 0) await sleep(20);
  // Mid-wave: the next requests are on their way and not yet answered.
  await sleep(LATENCY_MS / 2);
  return { runId: run.id, driving };
}

/** Stop the run; what the simulator had answered at that moment bounds what may be recorded. */
async function stopAndCount(runId: number, driving: Promise<DriveResult>, stop: typeof cancelRun) {
  const inFlightBefore = sim.stats().inFlight;
  const answered = sim.stats().answeredChoices;
  const stoppedAt = Date.now();
  await stop(runId, testActor);
  const result = await driving;
  const driverMs = Date.now() - stoppedAt;
  const inFlightAfter = sim.stats().inFlight;
  const progress = await runProgress(runId);
  await sleep(3000); // anything still coming would be written by now
  return { inFlightBefore, answered, driverMs, inFlightAfter, result, progress, samples: await sampleCount(runId) };
}

describe("stopping a live run", () => {
  it("cancel aborts the requests in flight: nothing answered after the cancel is recorded", async () => {
    const { runId, driving } = await startSlowRun("stop-cancel", 200);
    const s = await stopAndCount(runId, driving, cancelRun);
    expect(s.inFlightBefore).toBeGreaterThan(20); // a real wave was on its way
    expect(s.result.outcome).toBe("stopped");
    expect(s.samples).toBeLessThanOrEqual(s.answered);
    // The driver let go at once instead of waiting for the wave, and the server saw it go.
    expect(s.driverMs).toBeLessThan(LATENCY_MS / 2);
    expect(s.inFlightAfter).toBe(0);
    expect(s.progress.inFlight).toBe(0); // no item still leased
    expect((await getRun(runId)).status).toBe("cancelled");
    // Aborted requests are not errors.
    const { rows } = await pool().query<{ n: number }>(
      "select count(*)::int as n from sample where run_id = $1 and error_kind is not null",
      [runId],
    );
    expect(rows[0].n).toBe(0);
  });

  it("pause aborts likewise; resume then finishes the run with exactly k samples per candidate", async () => {
    const { runId, driving } = await startSlowRun("stop-pause", 150);
    const s = await stopAndCount(runId, driving, pauseRun);
    expect(s.inFlightBefore).toBeGreaterThan(20);
    expect(s.result.outcome).toBe("stopped");
    expect(s.samples).toBeLessThanOrEqual(s.answered);
    expect(s.driverMs).toBeLessThan(LATENCY_MS / 2);
    expect(s.inFlightAfter).toBe(0);
    expect(s.progress).toMatchObject({ status: "paused", inFlight: 0 });
    expect(s.progress.completed).toBeLessThan(150);

    await resumeRun(runId, testActor);
    expect(await driveRun(runId, { continueAsJob: false, leaseSeconds: 30 })).toMatchObject({ outcome: "done" });
    const counts = await samplesPerCandidate(runId);
    expect(counts.size).toBe(150);
    expect([...counts.values()].every((n) => n === K)).toBe(true);
    expect(await runProgress(runId)).toMatchObject({ status: "done", completed: 150, done: 150, sampleErrors: 0 });
  });

  it("a paused exploration tells one story: items scored, histogram and projection agree, now and later", async () => {
    const { runId, driving } = await startSlowRun("stop-story", 300, 200);
    await pauseRun(runId, testActor);
    // What the page shows as it sees the pause (it refreshes then), and what a reload shows
    // a few seconds later, once the driver has let go.
    const story = async () => {
      const [progress, histogram, projection] = await Promise.all([runProgress(runId), passRateHistogram({ runId }), explorationProjection(runId)]);
      return {
        scored: progress.done,
        completed: progress.completed,
        histogram: histogram.bins.reduce((a, b) => a + b.count, 0) + histogram.unverifiable,
        projection: projection.scored,
        samples: progress.samples,
      };
    };
    const now = await story();
    await driving;
    expect(now.scored).toBeGreaterThan(0);
    expect(now.scored).toBeLessThan(200);
    expect(now).toEqual({ scored: now.scored, completed: now.scored, histogram: now.scored, projection: now.scored, samples: now.scored * K });
    await sleep(3000);
    expect(await story()).toEqual(now);
  });
});
