import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db/client";
import { driveRun } from "@/lib/scoring/driver";
import { simulatorGuesses } from "@/lib/scoring/queries";
import { createRun } from "@/lib/scoring/runs";
import { closeConnections, createTestEndpoint, seedDomain, testActor } from "@/lib/scoring/test-fixtures";
import { useMigratedDatabase } from "@/lib/testing/db";
import { answerKeyOf } from "./answer-key";
import { dbAnswerLookup } from "./db-answers";
import { startSimulator, type Simulator } from "./index";

// The simulator serves any pool: a pool the demo never saw (GSM8K-style lines in the shape an
// import of the training file has) is scored by the demo's simulator reading the references
// from the database, and splits into bands instead of landing ~all "too hard".

let sim: Simulator;
let target: number;

const gsm = (i: number) => {
  const a = 12 + ((i * 41) % 300);
  const b = 2 + ((i * 17) % 40);
  return {
    prompt: `Natalia sold clips to ${a} of her friends in April, and then she sold ${b} times as many clips in May. How many clips did she sell in May? (line ${i})`,
    answer: String(a * b),
  };
};

beforeAll(async () => {
  await useMigratedDatabase();
  // What `npm start` runs: the demo's answer key plus the database's references.
  sim = await startSimulator({ seed: 11, lookup: dbAnswerLookup(pool()) });
  target = (await createTestEndpoint("sim-any-pool", sim.url, "sim-target", 32)).id;
  await seedDomain("gsm-train", Array.from({ length: 120 }, (_, i) => gsm(i)));
  await seedDomain("blank-refs", [{ prompt: "Blank reference: what is 1+1?", answer: "  " }]);
});

afterAll(async () => {
  await sim?.close();
  await closeConnections();
});

const drive = (runId: number) => driveRun(runId, { continueAsJob: false, leaseSeconds: 3 });

describe("a simulator reading references from the database", () => {
  it("scores a pool not in the demo into a spread of bands, and knew every prompt", async () => {
    const run = await createRun({ domain: "gsm-train", targetEndpointId: target, phase: "scaling", k: 8 }, testActor);
    await drive(run.id);
    const { rows } = await pool().query<{ band: string; n: number }>(
      `select band::text, count(*)::int as n from candidate_score where run_id = $1 group by band`,
      [run.id],
    );
    const tally = Object.fromEntries(rows.map((r) => [r.band, r.n]));
    expect(Object.values(tally).reduce((a, b) => a + b, 0)).toBe(120);
    // Profile: ~30% always right, ~45% teachable, ~25% never right. Without the lookup: ~all too hard.
    expect(tally.too_easy).toBeGreaterThan(20);
    expect(tally.teachable).toBeGreaterThan(35);
    expect(tally.too_hard ?? 0).toBeLessThan(50);
    expect(await simulatorGuesses(run.id)).toEqual({ unknown: 0, prompts: 120 });
  });

  it("marks its guesses for prompts without a reference, and the run counts them", async () => {
    const res = await fetch(`${sim.url}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "sim-target", messages: [{ role: "user", content: "Blank reference: what is 1+1?" }], n: 2 }),
    });
    expect(res.headers.get("x-edgewise-sim-unknown")).toBe("1");
    const body = await res.json();
    expect(body.system_fingerprint).toBe("edgewise-sim-guessed");
    expect(body.choices[0].message.content).toMatch(/^\[simulator guess\] /);

    // The same pool against a simulator that cannot read the database (standalone, no
    // --answers): every prompt is a guess, and the run says so.
    const plain = await startSimulator({ seed: 11 });
    try {
      const blind = (await createTestEndpoint("sim-blind", plain.url, "sim-target", 32)).id;
      const run = await createRun({ domain: "gsm-train", targetEndpointId: blind, phase: "exploration", sampleSize: 40, k: 4 }, testActor);
      await drive(run.id);
      expect(await simulatorGuesses(run.id)).toEqual({ unknown: 40, prompts: 40 });
    } finally {
      await plain.close();
    }
  });

  it("looks a reference up by prompt hash, and takes a blank one for none", async () => {
    const lookup = dbAnswerLookup(pool());
    const { prompt, answer } = gsm(5);
    expect(await lookup(answerKeyOf(prompt))).toEqual({ kind: "math", answer });
    expect(await lookup(answerKeyOf("never imported"))).toBeUndefined();
    expect(await lookup(answerKeyOf("Blank reference: what is 1+1?"))).toBeUndefined();
  });
});
