import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db/client";
import { updateDomain } from "./domain-update";
import { startSimulator, accuracyOf, answerKeyOf, type Simulator } from "@/lib/models/simulator";
import { approxTokens } from "@/lib/models/simulator/profile";
import { useMigratedDatabase } from "@/lib/testing/db";
import { driveRun } from "./driver";
import { rescoredElsewhere } from "./queries";
import { cancelRun, createRun, explorationProjection, getRun, pauseRun, resumeRun, runProgress } from "./runs";
import { closeConnections, createTestEndpoint, mathItems, samplesPerCandidate, seedDomain, testActor } from "./test-fixtures";

// Live runs end to end: the real simulator over HTTP, the real gateway, a real PostgreSQL.

let sim: Simulator;
let target: number;
let strong: number;
const items = mathItems(300, "drive");

beforeAll(async () => {
  await useMigratedDatabase();
  sim = await startSimulator({ withDemoKey: false, answerKeys: items.map((i) => i.key), seed: 7 });
  target = (await createTestEndpoint("sim-target", sim.url, "sim-target", 32)).id;
  strong = (await createTestEndpoint("sim-strong", sim.url, "sim-strong", 32)).id;
  await seedDomain("math", items);
});

afterAll(async () => {
  await sim?.close();
  await closeConnections();
});

const drive = (runId: number) => driveRun(runId, { continueAsJob: false, leaseSeconds: 3 });

describe("a live run", () => {
  let runId: number;

  it("scores every candidate with exactly k samples and the expected mix of bands", async () => {
    const run = await createRun({ domain: "math", targetEndpointId: target, phase: "scaling", k: 8 }, testActor);
    runId = run.id;
    expect(run).toMatchObject({ total: 300, status: "queued", phase: "scaling" });
    const result = await drive(run.id);
    expect(result).toMatchObject({ outcome: "done", candidates: 300, samples: 2400 });

    const counts = await samplesPerCandidate(run.id);
    expect(counts.size).toBe(300);
    expect([...counts.values()].every((n) => n === 8)).toBe(true);

    const { rows } = await pool().query<{ prompt: string; band: string; passes: number; k: number; ci_low: number; ci_high: number; stage: string }>(
      `select c.prompt, s.band::text, s.passes, s.k, s.ci_low, s.ci_high, c.stage::text
         from candidate_score s join candidate c on c.id = s.candidate_id where s.run_id = $1`,
      [run.id],
    );
    expect(rows).toHaveLength(300);
    const tally: Record<string, number> = {};
    for (const r of rows) {
      tally[r.band] = (tally[r.band] ?? 0) + 1;
      expect(r.stage).toBe("triaged");
      expect(r.k).toBe(8);
      expect(r.ci_low).toBeLessThanOrEqual(r.passes / 8);
      expect(r.ci_high).toBeGreaterThanOrEqual(r.passes / 8);
      // The simulator's profile: always right → too easy, never right → too hard.
      const p = accuracyOf(answerKeyOf(r.prompt), "sim-target");
      if (p === 1) expect(r.band).toBe("too_easy");
      if (p === 0) expect(r.band).toBe("too_hard");
    }
    // About 30 / 45 / 25 (the teachable middle sometimes lands on 0/8 or 8/8).
    expect(tally.too_easy / 300).toBeGreaterThan(0.2);
    expect(tally.teachable / 300).toBeGreaterThan(0.3);
    expect(tally.too_hard / 300).toBeGreaterThan(0.15);

    const progress = await runProgress(run.id);
    expect(progress).toMatchObject({ status: "done", total: 300, completed: 300, done: 300, failed: 0, pending: 0, samples: 2400, sampleErrors: 0 });
    expect(progress.promptTokens).toBeGreaterThan(0);
    expect(progress.costUsd).toBeGreaterThan(0);
    expect(progress.bands.teachable).toBe(tally.teachable);
  });

  it("an n-sample request's prompt tokens are split across its samples; each sample's completion tokens are its own", async () => {
    // The simulator bills ceil(prompt/4) once per request and ceil(choice/4) per choice (profile.ts approxTokens).
    const { rows } = await pool().query<{ candidate_id: number; prompt: string; index: number; response: string; prompt_tokens: number; completion_tokens: number }>(
      `select s.candidate_id, c.prompt, s."index", s.response, s.prompt_tokens, s.completion_tokens
         from sample s join candidate c on c.id = s.candidate_id where s.run_id = $1 and s.role = 'target' order by s.candidate_id, s."index"`,
      [runId],
    );
    expect(rows).toHaveLength(2400);
    const byCandidate = new Map<number, typeof rows>();
    for (const r of rows) byCandidate.set(r.candidate_id, [...(byCandidate.get(r.candidate_id) ?? []), r]);
    let splitOne = 0;
    for (const samples of byCandidate.values()) {
      const prompts = samples.map((r) => r.prompt_tokens);
      // Not all on index 0: every sample carries its share (within one token of the others).
      expect(Math.max(...prompts) - Math.min(...prompts)).toBeLessThanOrEqual(1);
      if (Math.min(...prompts) > 0) splitOne++;
      for (const r of samples) expect(r.completion_tokens).toBe(approxTokens(r.response));
    }
    expect(splitOne).toBe(byCandidate.size); // prompts are longer than 8 tokens: no sample is free
  });

  it("a scaling run with the same settings finds nothing left; other settings score again", async () => {
    const again = await createRun({ domain: "math", targetEndpointId: target, phase: "scaling", k: 8 }, testActor);
    expect(again).toMatchObject({ total: 0, status: "done" });
    // Another endpoint serving the same model at the same URL is another setting: it scores all again.
    const twin = (await createTestEndpoint("sim-target-twin", sim.url, "sim-target", 32)).id;
    const onTwin = await createRun({ domain: "math", targetEndpointId: twin, phase: "scaling", k: 8 }, testActor);
    expect(onTwin).toMatchObject({ total: 300 });
    await cancelRun(onTwin.id, testActor);
    const other = await createRun({ domain: "math", targetEndpointId: target, phase: "exploration", sampleSize: 40, k: 4 }, testActor);
    expect(other.total).toBe(40);
  });

  it("moving the band re-triages from stored pass rates, without new samples", async () => {
    const before = (await getRun(runId)).samples;
    await updateDomain("math", { bandLow: 0.5, bandHigh: 0.99 }, testActor);
    const { rows } = await pool().query<{ pass_rate: number; band: string }>(
      "select pass_rate, band::text from candidate_score where run_id = $1",
      [runId],
    );
    for (const r of rows) expect(r.band).toBe(r.pass_rate <= 0.5 ? "too_hard" : r.pass_rate >= 0.99 ? "too_easy" : "teachable");
    const { rows: n } = await pool().query<{ n: number }>("select count(*)::int as n from sample where run_id = $1", [runId]);
    expect(n[0].n).toBe(before);
    await updateDomain("math", { bandLow: 0.1, bandHigh: 0.9 }, testActor);
  });
});

describe("exploration", () => {
  it("projects teachable yield, tokens and cost for the pool from a random sample", async () => {
    await seedDomain("explore", mathItems(200, "explore"));
    sim.addAnswerKey(mathItems(200, "explore").map((i) => i.key));
    const run = await createRun({ domain: "explore", targetEndpointId: target, phase: "exploration", sampleSize: 50, k: 8 }, testActor);
    expect(run.total).toBe(50);
    await drive(run.id);
    const p = await explorationProjection(run.id);
    expect(p.scored).toBe(50);
    expect(p.poolSize).toBe(200);
    expect(p.remaining).toBe(150);
    expect(p.histogram.reduce((a, h) => a + h.count, 0)).toBe(50);
    expect(p.projectedTeachable.estimate).toBe(Math.round(p.teachableShare * 200));
    expect(p.projectedTeachable.low).toBeLessThanOrEqual(p.projectedTeachable.estimate);
    expect(p.projectedTeachable.high).toBeGreaterThanOrEqual(p.projectedTeachable.estimate);
    expect(p.projectedTokens.completion).toBeGreaterThan(0);
    // Scaling then takes exactly the rest.
    const scaling = await createRun({ domain: "explore", targetEndpointId: target, phase: "scaling", k: 8 }, testActor);
    expect(scaling).toMatchObject({ total: 150, parentRunId: run.id });
  });
});

describe("teacher and judge", () => {
  it("no reference: the teacher's plurality becomes the proxy, or the item is unverifiable", async () => {
    const known = mathItems(30, "teach", false);
    sim.addAnswerKey(known.map((i) => i.key)); // the simulator knows them; the pool has no answers
    // Blank answers ("\n", a tab, a no-break space) are no reference either: before one rule
    // (lib/scoring/reference.ts), settlement saw a reference the driver did not, and such a
    // candidate was claimed over and over until the run gave up on it.
    const blanks = ["\n", " \t", "\u00a0"];
    const unknown = Array.from({ length: 10 }, (_, i) => ({ prompt: `[mystery ${i}] Name a prime between 1000 and 2000.`, answer: blanks[i] ?? null }));
    await seedDomain("teach", [...known, ...unknown]);
    const run = await createRun(
      { domain: "teach", targetEndpointId: target, phase: "scaling", k: 4, teacherEndpointId: strong, teacherK: 8, teacherAgreement: 0.5, judgeEndpointId: strong },
      testActor,
    );
    expect(await drive(run.id)).toMatchObject({ outcome: "done", candidates: 40 });
    const { rows } = await pool().query<{ prompt: string; band: string; proxy_reference: string | null; teacher_agreement: number; judge_score: number | null; k: number }>(
      `select c.prompt, s.band::text, s.proxy_reference, s.teacher_agreement, s.judge_score, s.k
         from candidate_score s join candidate c on c.id = s.candidate_id where s.run_id = $1`,
      [run.id],
    );
    const byPrompt = new Map(rows.map((r) => [r.prompt, r]));
    let proxied = 0;
    for (const i of known) {
      const r = byPrompt.get(i.prompt)!;
      if (r.proxy_reference !== null) {
        proxied++;
        expect(r.proxy_reference).toBe(i.key.answer);
        expect(r.teacher_agreement).toBeGreaterThanOrEqual(0.5);
        expect(r.k).toBe(4);
        expect(r.judge_score).toBeGreaterThanOrEqual(1);
        expect(r.judge_score).toBeLessThanOrEqual(10);
      } else expect(r.band).toBe("unverifiable");
    }
    expect(proxied).toBeGreaterThan(20);
    for (const i of unknown) expect(byPrompt.get(i.prompt)).toMatchObject({ band: "unverifiable", proxy_reference: null, k: 0 });
    // Unverifiable candidates cost no target samples.
    const target4 = await samplesPerCandidate(run.id);
    expect(target4.size).toBe(proxied);
    expect((await samplesPerCandidate(run.id, "teacher")).size).toBe(40);
  });
});

describe("faults", () => {
  it("429 bursts, 5xx, garbage and slow answers: the run completes, errors counted by kind", async () => {
    const faulty = mathItems(120, "faulty");
    sim.addAnswerKey(faulty.map((i) => i.key));
    await seedDomain("faulty", faulty);
    const run = await createRun({ domain: "faulty", targetEndpointId: target, phase: "scaling", k: 4 }, testActor);
    sim.setFaults({ rate429: 1, retryAfterSeconds: 0.3, latencyMs: 5, latencyJitterMs: 40 });
    const burst = setTimeout(() => sim.setFaults({ rate429: 0.05, rate5xx: 0.35, rateGarbage: 0.25 }), 400);
    try {
      expect(await drive(run.id)).toMatchObject({ outcome: "done" });
    } finally {
      clearTimeout(burst);
      sim.setFaults({ rate429: 0, rate5xx: 0, rateGarbage: 0, latencyMs: 0, latencyJitterMs: 0 });
    }
    const counts = await samplesPerCandidate(run.id);
    expect([...counts.values()].every((n) => n === 4)).toBe(true);
    const p = await runProgress(run.id);
    expect(p.completed).toBe(120);
    const { rows } = await pool().query<{ kind: string; n: number }>(
      "select error_kind as kind, count(*)::int as n from sample where run_id = $1 and error_kind is not null group by 1",
      [run.id],
    );
    const stored = Object.fromEntries(rows.map((r) => [r.kind, r.n]));
    expect(p.errorsByKind).toEqual(stored);
    expect(p.sampleErrors).toBe(rows.reduce((a, r) => a + r.n, 0));
    expect(p.sampleErrors).toBeGreaterThan(0);
    expect(p.samples + p.sampleErrors).toBe(480);
    // A candidate whose every sample failed is a failed item with the reason, not a score.
    const { rows: failed } = await pool().query<{ error: string }>("select error from run_item where run_id = $1 and status = 'failed'", [run.id]);
    expect(p.failed).toBe(failed.length);
    for (const f of failed) expect(f.error).toMatch(/all 4 samples failed/);
  });
});

describe("a later run over the same candidates", () => {
  it("takes over their current scores, and the earlier run can say by which run", async () => {
    const again = mathItems(10, "again");
    sim.addAnswerKey(again.map((i) => i.key));
    await seedDomain("again", again);
    const first = await createRun({ domain: "again", targetEndpointId: target, phase: "scaling", k: 2 }, testActor);
    await drive(first.id);
    expect(await rescoredElsewhere(first.id)).toEqual([]);
    const later = await createRun({ domain: "again", targetEndpointId: target, phase: "exploration", sampleSize: 4, k: 3 }, testActor);
    await drive(later.id);
    expect(await rescoredElsewhere(first.id)).toEqual([{ runId: later.id, candidates: 4 }]);
    expect(await rescoredElsewhere(later.id)).toEqual([]);
  });
});

describe("an endpoint that refuses every call", () => {
  it("ends the run failed with the reason, not done with nothing scored", async () => {
    const dead = mathItems(3, "dead");
    await seedDomain("dead", dead);
    const closed = (await createTestEndpoint("closed", "http://127.0.0.1:59998/v1", "sim-target", 4)).id;
    const run = await createRun({ domain: "dead", targetEndpointId: closed, phase: "scaling", k: 2 }, testActor);
    await drive(run.id);
    const r = await getRun(run.id);
    expect(r.status).toBe("failed");
    expect(r.errorMessage).toMatch(/^No candidate could be scored \(all 3 failed\), e.g. all 2 samples failed \(connection\)/);
    expect(await runProgress(run.id)).toMatchObject({ done: 0, failed: 3, samples: 0 });
  });
});

describe("pause, resume, cancel", () => {
  it("pause stops claiming, resume finishes exactly, cancel is final", async () => {
    const slow = mathItems(300, "slow");
    sim.addAnswerKey(slow.map((i) => i.key));
    await seedDomain("slow", slow);
    const run = await createRun({ domain: "slow", targetEndpointId: target, phase: "scaling", k: 2 }, testActor);
    sim.setFaults({ latencyMs: 150 });
    try {
      const driving = drive(run.id);
      // Pause as soon as the first chunk is written (300 candidates at 42 in flight take ~7 rounds).
      while ((await getRun(run.id)).completed === 0) await new Promise((r) => setTimeout(r, 20));
      await pauseRun(run.id, testActor);
      expect(await driving).toMatchObject({ outcome: "stopped" });
      const paused = await runProgress(run.id);
      expect(paused.status).toBe("paused");
      expect(paused.completed).toBeGreaterThan(0);
      expect(paused.completed).toBeLessThan(300);
      expect(paused.inFlight).toBe(0); // unstarted claims were given back
      await expect(pauseRun(run.id, testActor)).rejects.toMatchObject({ code: "conflict" });
      await resumeRun(run.id, testActor);
      expect(await drive(run.id)).toMatchObject({ outcome: "done" });
      const counts = await samplesPerCandidate(run.id);
      expect(counts.size).toBe(300);
      expect([...counts.values()].every((n) => n === 2)).toBe(true);
    } finally {
      sim.setFaults({ latencyMs: 0 });
    }
    const other = await createRun({ domain: "slow", targetEndpointId: target, phase: "exploration", sampleSize: 10, k: 3 }, testActor);
    await cancelRun(other.id, testActor);
    expect(await drive(other.id)).toMatchObject({ outcome: "stopped", candidates: 0 });
    expect((await getRun(other.id)).status).toBe("cancelled");
    await expect(resumeRun(other.id, testActor)).rejects.toMatchObject({ code: "conflict" });
  });
});
