import { systemActor } from "@/lib/audit";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db/client";
import { getEndpoint, testEndpoint, updateEndpoint } from "@/lib/models/endpoints";
import { chat } from "@/lib/models/gateway";
import { startSimulator, type Quirks, type Simulator } from "@/lib/models/simulator";
import { useMigratedDatabase } from "@/lib/testing/db";
import { answerVerifier } from "@/lib/verify";
import { ingestBatchOutput, writeBatchRequests } from "./batch";
import { driveRun } from "./driver";
import { createRun, getRun } from "./runs";
import { closeConnections, createTestEndpoint, mathItems, samplesPerCandidate, seedDomain, testActor } from "./test-fixtures";

// Issue 15: one simulator per provider quirk, over real HTTP, driven through real scoring runs
// (the gateway, the driver or batch files, PostgreSQL). Each run must end with exactly k samples
// per candidate and the verdicts those responses deserve.

const K = 4;
const items = mathItems(8, "quirk");
const gold = new Map(items.map((i) => [i.prompt, i.answer!]));
const sims: Simulator[] = [];

beforeAll(async () => {
  await useMigratedDatabase();
  await seedDomain("math", items);
});

afterAll(async () => {
  await Promise.all(sims.map((s) => s.close()));
  await closeConnections();
});

let endpoints = 0;
async function quirkyEndpoint(quirks: Partial<Quirks>, settings: Record<string, unknown> = {}) {
  const sim = await startSimulator({ withDemoKey: false, answerKeys: items.map((i) => i.key), seed: 11, quirks });
  sims.push(sim);
  const e = await createTestEndpoint(`quirk-${++endpoints}`, sim.url, "sim-target", 8);
  if (Object.keys(settings).length) await pool().query(`update model_endpoint set ${Object.keys(settings).map((k, i) => `${k} = $${i + 2}`).join(", ")} where id = $1`, [e.id, ...Object.values(settings)]);
  return { sim, id: e.id };
}

async function liveRun(endpointId: number, extra: Record<string, unknown> = {}) {
  // Exploration over the whole pool: every run scores all items, whatever earlier runs scored.
  const run = await createRun({ domain: "math", targetEndpointId: endpointId, phase: "exploration", sampleSize: items.length, k: K, ...extra }, testActor);
  const result = await driveRun(run.id, { continueAsJob: false, leaseSeconds: 3 });
  return { run: await getRun(run.id), result };
}

interface StoredSample {
  prompt: string;
  response: string | null;
  reasoning: string | null;
  correct: boolean | null;
  reason: string | null;
  error_kind: string | null;
  finish_reason: string | null;
  reasoning_tokens: number;
}

async function samplesOf(runId: number): Promise<StoredSample[]> {
  const { rows } = await pool().query<StoredSample>(
    `select c.prompt, s.response, s.reasoning, s.correct, s.reason, s.error_kind, s.finish_reason, s.reasoning_tokens
       from sample s join candidate c on c.id = s.candidate_id where s.run_id = $1 and s.role = 'target' order by s.candidate_id, s."index"`,
    [runId],
  );
  return rows;
}

function expectExactlyK(counts: Map<number, number>) {
  expect(counts.size).toBe(items.length);
  expect([...counts.values()].every((n) => n === K)).toBe(true);
}

/** Each answered sample's verdict is the verifier's on its final answer alone (never the thinking). */
async function expectVerdictsOfFinalAnswers(samples: StoredSample[]) {
  for (const s of samples) {
    expect(s.error_kind).toBeNull();
    const v = await answerVerifier("math", gold.get(s.prompt)!)(s.response ?? "");
    expect(s.correct).toBe(v.correct);
  }
}

describe("providers that differ from OpenAI's defaults", () => {
  it("ignores n (Ollama, llama.cpp): one choice per request is remembered, every candidate still gets k samples", async () => {
    const { sim, id } = await quirkyEndpoint({ n: "ignore" });
    const { run, result } = await liveRun(id);
    expect(result.outcome).toBe("done");
    expect(run).toMatchObject({ status: "done", samples: items.length * K, sampleErrors: 0 });
    expectExactlyK(await samplesPerCandidate(run.id));
    await expectVerdictsOfFinalAnswers(await samplesOf(run.id));
    expect((await getEndpoint(id)).learned).toEqual(["ignores n: asks for one sample per request"]);
    // Once learned, no request asks for more than one choice: at most one wasted n per candidate in flight.
    expect(sim.stats().completions).toBe(items.length * K);

    const fresh = await quirkyEndpoint({ n: "ignore" });
    expect(await testEndpoint(fresh.id)).toMatchObject({ ok: true, learned: ["ignores n: asks for one sample per request"] });
  });

  it("refuses n > 1 with a 400 (Groq): the request is asked again as n = 1 requests, learned once, not retried into a storm", async () => {
    const { sim, id } = await quirkyEndpoint({ n: "refuse" });
    const { run } = await liveRun(id);
    expect(run).toMatchObject({ status: "done", samples: items.length * K, sampleErrors: 0 });
    expectExactlyK(await samplesPerCandidate(run.id));
    await expectVerdictsOfFinalAnswers(await samplesOf(run.id));
    expect((await getEndpoint(id)).learned).toEqual(["refuses n > 1: asks for one sample per request"]);
    const refused = sim.stats().byStatus[400] ?? 0;
    expect(refused).toBeGreaterThanOrEqual(1);
    expect(refused).toBeLessThanOrEqual(items.length); // at most the requests already in flight when the first 400 came back

    // "Test connection" finds it on a fresh endpoint.
    const fresh = await quirkyEndpoint({ n: "refuse" });
    const t = await testEndpoint(fresh.id);
    expect(t).toMatchObject({ ok: true, learned: ["refuses n > 1: asks for one sample per request"] });
    expect((await getEndpoint(fresh.id)).learned).toEqual(["refuses n > 1: asks for one sample per request"]);
  });

  it("an explicit setting is obeyed: n = k against a server refusing n is one client error, not adapted, not retried; n = 1 sends k requests", async () => {
    const messages = [{ role: "user" as const, content: items[0].prompt }];
    const strict = await quirkyEndpoint({ n: "refuse" }, { samples_per_request: "k" });
    await expect(chat(strict.id, { messages, n: 3 })).rejects.toMatchObject({ kind: "client_error", status: 400 });
    expect(strict.sim.stats().byStatus[400]).toBe(1);
    expect((await getEndpoint(strict.id)).learned).toEqual([]);

    const single = await quirkyEndpoint({}, { samples_per_request: "1" });
    const r = await chat(single.id, { messages, n: 3 });
    expect(r.choices).toHaveLength(3);
    expect(single.sim.stats().requests).toBe(3);
  });

  it("stores the request settings; Forget, or another model, clears what was learned", async () => {
    const { id } = await quirkyEndpoint({ n: "refuse" });
    await testEndpoint(id);
    const refuses = ["refuses n > 1: asks for one sample per request"];
    const u = await updateEndpoint(id, { tokenParam: "max_completion_tokens", thinkOpen: "<reasoning>", thinkClose: "</reasoning>" }, systemActor);
    expect(u).toMatchObject({ tokenParam: "max_completion_tokens", thinkOpen: "<reasoning>", thinkClose: "</reasoning>", learned: refuses });
    expect((await updateEndpoint(id, { resetLearned: true }, systemActor)).learned).toEqual([]);
    await testEndpoint(id);
    expect((await getEndpoint(id)).learned).toEqual(refuses);
    expect((await updateEndpoint(id, { model: "sim-strong" }, systemActor)).learned).toEqual([]);
  });

  it("refuses max_tokens and temperature (OpenAI reasoning models): max_completion_tokens and no temperature, learned and remembered", async () => {
    const { sim, id } = await quirkyEndpoint({ refuseMaxTokens: true, refuseTemperature: true });
    const t = await testEndpoint(id);
    expect(t.ok).toBe(true);
    expect(t.ok && t.learned.sort()).toEqual(["limits tokens with max_completion_tokens", "takes no temperature: sent without one"]);
    const before = sim.stats().byStatus[400];
    expect(before).toBe(2); // one 400 per parameter, then the answer

    const { run } = await liveRun(id, { temperature: 0.7, maxTokens: 512, reasoningEffort: "high" });
    expect(run).toMatchObject({ status: "done", samples: items.length * K, sampleErrors: 0, reasoningEffort: "high" });
    expectExactlyK(await samplesPerCandidate(run.id));
    await expectVerdictsOfFinalAnswers(await samplesOf(run.id));
    expect(sim.stats().byStatus[400]).toBe(before); // remembered: the run never sent either again
  });

  it("a model named like a reasoning model (the demo's sim-reasoner) plays o3-mini on a plain simulator; Test connection works on it", async () => {
    const { sim } = await quirkyEndpoint({});
    const e = await createTestEndpoint(`quirk-${++endpoints}`, sim.url, "sim-reasoner", 8);
    const t = await testEndpoint(e.id);
    expect(t).toMatchObject({ ok: true, answer: expect.any(String), finishReason: "stop" });
    expect(t.ok && t.reasoning).toContain("Let me work through this");
    expect(t.ok && t.reasoningTokens).toBeGreaterThan(0);
    expect(t.ok && t.learned.sort()).toEqual(["limits tokens with max_completion_tokens", "takes no temperature: sent without one"]);
  });

  it("puts reasoning in <think> tags: kept apart from the answer, counted, never verified", async () => {
    const { id } = await quirkyEndpoint({ reasoning: "think", reasoningTokens: 40 });
    const { run } = await liveRun(id);
    expect(run).toMatchObject({ status: "done", samples: items.length * K, sampleErrors: 0, truncatedSamples: 0 });
    expectExactlyK(await samplesPerCandidate(run.id));
    const samples = await samplesOf(run.id);
    await expectVerdictsOfFinalAnswers(samples);
    for (const s of samples) {
      expect(s.response).not.toContain("<think>");
      expect(s.response).not.toContain("First attempt");
      expect(s.reasoning).toContain("First attempt:");
      expect(s.reasoning_tokens).toBeGreaterThan(0);
    }
    expect(run.reasoningTokens).toBe(samples.reduce((a, s) => a + s.reasoning_tokens, 0));
    expect(samples.some((s) => s.correct) && samples.some((s) => s.correct === false)).toBe(true);
  });

  it("puts reasoning in reasoning_content (vLLM's reasoning parser, DeepSeek): stored beside the answer", async () => {
    const { id } = await quirkyEndpoint({ reasoning: "reasoning_content", reasoningTokens: 40 });
    const { run } = await liveRun(id);
    expect(run).toMatchObject({ status: "done", samples: items.length * K, sampleErrors: 0 });
    expectExactlyK(await samplesPerCandidate(run.id));
    const samples = await samplesOf(run.id);
    await expectVerdictsOfFinalAnswers(samples);
    for (const s of samples) {
      expect(s.reasoning).toContain("First attempt:");
      expect(s.response).not.toContain("First attempt");
    }
    expect(run.reasoningTokens).toBeGreaterThan(0);
  });

  it("truncates with finish_reason length: the sample is wrong ('truncated at N tokens'), or unverified when the run says so", async () => {
    // 200 tokens of thinking against a limit of 30: every answer is cut off mid-thought, where
    // the thinking weighs an answer (the right one, half the time) that must never count.
    const { id } = await quirkyEndpoint({ reasoning: "think", reasoningTokens: 200 });
    const { run } = await liveRun(id, { maxTokens: 30 });
    expect(run).toMatchObject({ status: "done", samples: items.length * K, truncatedSamples: items.length * K });
    expectExactlyK(await samplesPerCandidate(run.id));
    for (const s of await samplesOf(run.id)) {
      expect(s).toMatchObject({ correct: false, reason: "truncated at 30 tokens", finish_reason: "length", error_kind: null, response: "" });
    }
    const { rows } = await pool().query<{ passes: number; k: number; band: string }>("select passes, k, band::text from candidate_score where run_id = $1", [run.id]);
    expect(rows.every((r) => r.passes === 0 && r.k === K && r.band === "too_hard")).toBe(true);

    const unverified = await liveRun(id, { maxTokens: 30, truncatedAs: "unverified" });
    expect(unverified.run).toMatchObject({ sampleErrors: items.length * K, errorsByKind: { truncated: items.length * K } });
    expectExactlyK(await samplesPerCandidate(unverified.run.id));
    const { rows: failed } = await pool().query<{ error: string }>("select error from run_item where run_id = $1", [unverified.run.id]);
    expect(failed.every((f) => f.error === `all ${K} samples failed (truncated)`)).toBe(true);
  });

  it("answers content null with a refusal: its own error kind, out of k", async () => {
    const { id } = await quirkyEndpoint({ rateRefusal: 1 });
    const { run } = await liveRun(id);
    expect(run).toMatchObject({ samples: 0, sampleErrors: items.length * K, errorsByKind: { refusal: items.length * K } });
    expectExactlyK(await samplesPerCandidate(run.id));
    for (const s of await samplesOf(run.id)) {
      expect(s).toMatchObject({ error_kind: "refusal", correct: null });
      expect(s.response).toContain("I'm sorry");
    }
  });

  it("stops on a content filter: its own error kind", async () => {
    const { id } = await quirkyEndpoint({ rateContentFilter: 1 });
    const { run } = await liveRun(id);
    expect(run).toMatchObject({ samples: 0, errorsByKind: { content_filter: items.length * K } });
    expectExactlyK(await samplesPerCandidate(run.id));
  });
});

describe("batch files for quirky endpoints", () => {
  async function exportLines(runId: number): Promise<string[]> {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on("data", (c: Buffer) => chunks.push(c));
    await writeBatchRequests(runId, out);
    out.end();
    return Buffer.concat(chunks).toString("utf8").split("\n").filter(Boolean);
  }
  /** What the provider's batch answers for each request line, as output lines. */
  async function answerLines(sim: Simulator, lines: { custom_id: string; body: unknown }[]): Promise<string[]> {
    return Promise.all(
      lines.map(async (l) => {
        const res = await fetch(`${sim.url}/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(l.body) });
        return JSON.stringify({ custom_id: l.custom_id, response: { status_code: res.status, body: await res.json() }, error: null });
      }),
    );
  }
  const lines = (texts: string[]) => (async function* () { yield* texts; })();

  it("a provider's 400 lines refusing n teach the endpoint: the next export writes n = 1 lines, and the run completes with k each", async () => {
    const { sim, id } = await quirkyEndpoint({ n: "refuse" });
    const run = await createRun({ domain: "math", targetEndpointId: id, phase: "scaling", k: K, mode: "batch" }, testActor);
    const first = (await exportLines(run.id)).map((l) => JSON.parse(l));
    expect(first).toHaveLength(items.length);
    const refused = await ingestBatchOutput(run.id, lines(await answerLines(sim, first)), testActor);
    expect(refused).toMatchObject({ errors: items.length, samples: 0 });
    expect(refused.problems[0].reason).toContain("learned: refuses n > 1");
    expect((await getEndpoint(id)).learned).toEqual(["refuses n > 1: asks for one sample per request"]);

    const again = (await exportLines(run.id)).map((l) => JSON.parse(l));
    expect(again).toHaveLength(items.length * K);
    expect(again.every((l) => !("n" in l.body))).toBe(true);
    const report = await ingestBatchOutput(run.id, lines(await answerLines(sim, again)), testActor);
    expect(report).toMatchObject({ errors: 0, samples: items.length * K });
    expectExactlyK(await samplesPerCandidate(run.id));
    expect(await getRun(run.id)).toMatchObject({ status: "done" });
  });



  it("writes n = 1 lines for an endpoint that takes one sample per request, in its own parameters; import applies the live rules", async () => {
    const { sim, id } = await quirkyEndpoint(
      { n: "refuse", refuseMaxTokens: true, refuseTemperature: true, reasoning: "reasoning_content", reasoningTokens: 40 },
      { samples_per_request: "1", token_param: "max_completion_tokens", temperature_mode: "omit" },
    );
    const run = await createRun({ domain: "math", targetEndpointId: id, phase: "scaling", k: K, mode: "batch", maxTokens: 512, reasoningEffort: "low" }, testActor);
    const lines = (await exportLines(run.id)).map((l) => JSON.parse(l));
    expect(lines).toHaveLength(items.length * K);
    for (const l of lines) {
      expect(l.body).not.toHaveProperty("n");
      expect(l.body).not.toHaveProperty("temperature");
      expect(l.body).not.toHaveProperty("max_tokens");
      expect(l.body).toMatchObject({ max_completion_tokens: 512, reasoning_effort: "low" });
    }
    // The provider answers each line; every fourth is cut off at the limit.
    const output = await Promise.all(
      lines.map(async (l, i) => {
        const res = await fetch(`${sim.url}/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(l.body) });
        const body = await res.json();
        if (i % 4 === 0) body.choices[0].finish_reason = "length";
        return JSON.stringify({ custom_id: l.custom_id, response: { status_code: res.status, body }, error: null });
      }),
    );
    expect(sim.stats().byStatus[400]).toBeUndefined();
    const report = await ingestBatchOutput(run.id, (async function* () { yield* output; })(), testActor);
    expect(report).toMatchObject({ samples: items.length * K, errors: 0 });
    expectExactlyK(await samplesPerCandidate(run.id));
    const samples = await samplesOf(run.id);
    const cut = samples.filter((s) => s.finish_reason === "length");
    expect(cut).toHaveLength(items.length * K / 4);
    for (const s of cut) expect(s).toMatchObject({ correct: false, reason: "truncated at 512 tokens" });
    await expectVerdictsOfFinalAnswers(samples.filter((s) => s.finish_reason !== "length"));
    expect(samples.every((s) => s.reasoning?.includes("First attempt:") && s.reasoning_tokens > 0)).toBe(true);
    expect(await getRun(run.id)).toMatchObject({ status: "done", truncatedSamples: items.length * K / 4 });
  });
});
