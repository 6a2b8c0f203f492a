import { stopBoss } from "@/lib/jobs/boss";
import { listEndpoints } from "@/lib/models/endpoints";
import { createRun } from "@/lib/scoring/runs";

// A fresh demo should have something to review, so right after seeding `npm start` starts
// one real exploration run per demo domain against the bundled simulator (the same runs a
// lead starts from the Runs page): the scores are measured, not made up, and every page that
// shows them says the endpoint is simulated. The worker drives them as soon as it is up
// (a few seconds). Math and science only: their verifiers are instant; code needs python.

export const DEMO_SCORING = [
  { domain: "math", sampleSize: 100 },
  { domain: "science", sampleSize: 100 },
] as const;

export const demoScoringActor = { id: null, email: "demo seed" };

/** Queue the demo's exploration runs; returns their ids (none without the demo endpoint). */
export async function startDemoScoring(): Promise<number[]> {
  const target = (await listEndpoints({ role: "target" })).find((e) => e.simulated && e.model === "sim-target");
  if (!target) return [];
  const ids: number[] = [];
  try {
    for (const { domain, sampleSize } of DEMO_SCORING) {
      ids.push((await createRun({ domain, targetEndpointId: target.id, phase: "exploration", sampleSize }, demoScoringActor)).id);
    }
  } finally {
    await stopBoss(); // queued for the worker: this process only enqueued
  }
  return ids;
}
