import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db/client";
import { startSimulator, type Simulator } from "@/lib/models/simulator";
import { useMigratedDatabase } from "@/lib/testing/db";
import { driveRun } from "./driver";
import { createRun } from "./runs";
import { closeConnections, createTestEndpoint, mathItems, seedDomain, testActor } from "./test-fixtures";

// Answer kind `none` (free-form, proofs): the judge is the verifier (issue 12). Each target
// sample is graded by the judge endpoint against the reference; the grading calls are judge
// samples, counted in tokens and cost like any sample. Real simulator over HTTP, real gateway,
// real PostgreSQL.

let sim: Simulator;
let target: number;
let judge: number;
const items = mathItems(24, "free-form");
const graded = mathItems(24, "graded");
// A reference nested past the verifier's limit: every check of it is undecided.
const nested = `${"(".repeat(80)}1${")".repeat(80)}`;
const pathological = [{ prompt: "[pathological 0] Simplify the nested expression.", answer: nested, key: { prompt: "[pathological 0] Simplify the nested expression.", kind: "math" as const, answer: nested } }];

beforeAll(async () => {
  await useMigratedDatabase();
  sim = await startSimulator({ withDemoKey: false, answerKeys: [...items, ...graded, ...pathological].map((i) => i.key), seed: 11 });
  target = (await createTestEndpoint("sim-target", sim.url, "sim-target", 16)).id;
  judge = (await createTestEndpoint("sim-judge", sim.url, "sim-strong", 16)).id;
  await seedDomain("proofs", items, "none");
  await seedDomain("graded-proofs", graded, "none");
  await seedDomain("nested", pathological);
});

afterAll(async () => {
  await sim?.close();
  await closeConnections();
});

const drive = (runId: number) => driveRun(runId, { continueAsJob: false, leaseSeconds: 3 });

describe("judge as the verifier of answer kind none", () => {
  it("without a judge, free-form candidates stay unverifiable and cost no samples", async () => {
    const run = await createRun({ domain: "proofs", targetEndpointId: target, phase: "scaling", k: 4 }, testActor);
    expect(await drive(run.id)).toMatchObject({ outcome: "done", candidates: 24 });
    const { rows } = await pool().query<{ band: string; n: number }>(
      `select s.band::text as band, count(*)::int as n from candidate_score s where s.run_id = $1 group by 1`,
      [run.id],
    );
    expect(rows).toEqual([{ band: "unverifiable", n: 24 }]);
    const { rows: samples } = await pool().query<{ n: number }>("select count(*)::int as n from sample where run_id = $1", [run.id]);
    expect(samples[0].n).toBe(0);
  });

  it("with a judge, every sample is graded against the reference: pass rates, grading rows, tokens and cost", async () => {
    const run = await createRun({ domain: "graded-proofs", targetEndpointId: target, phase: "scaling", k: 4, judgeEndpointId: judge }, testActor);
    expect(await drive(run.id)).toMatchObject({ outcome: "done", candidates: 24 });

    const { rows: scores } = await pool().query<{ band: string; k: number; passes: number }>(
      "select band::text as band, k, passes from candidate_score where run_id = $1",
      [run.id],
    );
    expect(scores).toHaveLength(24);
    for (const s of scores) expect(s).toMatchObject({ k: 4 });
    expect(scores.every((s) => s.band !== "unverifiable")).toBe(true);
    // The simulated target is right on some prompts and wrong on others: the grades differ.
    expect(new Set(scores.map((s) => s.passes)).size).toBeGreaterThan(1);

    // Each target sample's verdict is the judge's grade stored beside it (index + 1).
    const { rows: pairs } = await pool().query<{ t_correct: boolean; t_reason: string; j_correct: boolean; j_extracted: string; j_prompt: number; j_completion: number }>(
      `select t.correct as t_correct, t.reason as t_reason, j.correct as j_correct, j.extracted as j_extracted,
              j.prompt_tokens as j_prompt, j.completion_tokens as j_completion
         from sample t join sample j on j.run_id = t.run_id and j.candidate_id = t.candidate_id and j.role = 'judge' and j."index" = t."index" + 1
        where t.run_id = $1 and t.role = 'target'`,
      [run.id],
    );
    expect(pairs).toHaveLength(24 * 4);
    for (const p of pairs) {
      expect(p.t_correct).toBe(p.j_correct);
      expect(p.j_extracted).toBe(p.t_correct ? "correct" : "incorrect");
      expect(p.t_reason).toMatch(/^judge graded (correct|incorrect)/);
      expect(p.j_prompt).toBeGreaterThan(0);
      expect(p.j_completion).toBeGreaterThan(0);
    }
    // The pass rate counts the graded target samples.
    const passes = scores.reduce((a, s) => a + s.passes, 0);
    expect(passes).toBe(pairs.filter((p) => p.t_correct).length);

    // Tokens and cost: the run's totals are the sums over every stored sample, grading included
    // (both simulated endpoints cost $1 / $2 per million prompt / completion tokens).
    const { rows: totals } = await pool().query<{ prompt: number; completion: number; cost: number; samples: number; run_prompt: number; run_completion: number; run_cost: number; run_samples: number }>(
      `select sum(s.prompt_tokens)::float8 as prompt, sum(s.completion_tokens)::float8 as completion,
              (sum(s.prompt_tokens) + 2 * sum(s.completion_tokens))::float8 / 1e6 as cost, count(*)::int as samples,
              r.prompt_tokens::float8 as run_prompt, r.completion_tokens::float8 as run_completion, r.cost_usd as run_cost, r.samples as run_samples
         from sample s join scoring_run r on r.id = s.run_id where s.run_id = $1 group by r.id`,
      [run.id],
    );
    const t = totals[0];
    // 4 target + 4 grading + 1 rubric judge sample per candidate.
    expect(t.samples).toBe(24 * 9);
    expect(t.run_samples).toBe(t.samples);
    expect(t.run_prompt).toBe(t.prompt);
    expect(t.run_completion).toBe(t.completion);
    expect(t.run_cost).toBeCloseTo(t.cost, 9);
  });
});

describe("undecided math checks", () => {
  it("are verifier errors, left out of k, never counted as wrong answers", async () => {
    const run = await createRun({ domain: "nested", targetEndpointId: target, phase: "scaling", k: 4 }, testActor);
    expect(await drive(run.id)).toMatchObject({ outcome: "done" });
    const { rows } = await pool().query<{ correct: boolean | null; error_kind: string | null; reason: string | null }>(
      "select correct, error_kind, reason from sample where run_id = $1 and role = 'target'",
      [run.id],
    );
    expect(rows).toHaveLength(4);
    for (const r of rows) expect(r).toMatchObject({ correct: null, error_kind: "verifier", reason: expect.stringMatching(/^undecided: brackets nested deeper than 60/) });
    const { rows: items } = await pool().query<{ status: string; error: string | null }>(
      "select status::text as status, error from run_item where run_id = $1",
      [run.id],
    );
    expect(items).toEqual([{ status: "failed", error: "all 4 samples failed (verifier)" }]);
  });
});
