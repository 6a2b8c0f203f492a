import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { convertLine, type ImportFormat } from "@/lib/candidates/formats";
import { verifyCode, verifyMath, verifyMcq } from "@/lib/verify";
import { judgeMessages, parseJudgeReply, parseTransformReply, transformMessages } from "@/lib/models/prompts";
import { kindOfAnswer, readAnswersFile } from "./answer-key";
import { startSimulator, type Simulator } from "./index";
import { SIM_GUESS_MARK } from "./unknown";

// Over real HTTP: the simulator is what tests, the demo and benchmarks talk to, so its wire
// format, accuracy profile and faults are checked the way a client sees them.

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ seed: 7 });
});
afterAll(() => sim.close());

async function post(body: unknown, s = sim) {
  const res = await fetch(`${s.url}/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: res.status, headers: res.headers, text: await res.text() };
}
async function ask(prompt: string, n = 8, model = "sim-target", extra: object = {}, s = sim) {
  const r = await post({ model, messages: [{ role: "user", content: prompt }], n, ...extra }, s);
  expect(r.status).toBe(200);
  return JSON.parse(r.text) as { choices: { message: { content: string }; finish_reason: string }[]; usage: { prompt_tokens: number; completion_tokens: number } };
}

function demoRows(file: string, format: ImportFormat) {
  const lines = fs.readFileSync(path.join("lib/demo/data", file), "utf8").split("\n").filter((l) => l.trim());
  return lines.map((l) => convertLine(JSON.parse(l), format)).flatMap((c) => (c.ok ? [c.row] : []));
}

describe("simulator wire format", () => {
  it("lists its models", async () => {
    const res = await fetch(`${sim.url}/models`);
    const body = await res.json();
    expect(body.data.map((m: { id: string }) => m.id)).toEqual(["sim-target", "sim-strong", "sim-reasoner"]);
  });

  it("answers n choices with usage counted at ~4 characters per token", async () => {
    const prompt = "What is 2 + 2? ".repeat(20);
    const body = await ask(prompt, 5);
    expect(body.choices).toHaveLength(5);
    expect(body.usage.prompt_tokens).toBe(Math.ceil(prompt.length / 4));
    expect(body.usage.completion_tokens).toBeGreaterThan(0);
  });

  it("cuts answers at max_tokens with finish_reason length", async () => {
    const body = await ask("An unknown question", 1, "sim-target", { max_tokens: 3 });
    expect(body.choices[0].message.content.length).toBeLessThanOrEqual(12);
    expect(body.choices[0].finish_reason).toBe("length");
  });

  it("rejects an invalid request with 400 and an OpenAI-style error", async () => {
    const r = await post({ model: "sim-target", messages: [] });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text).error.message).toMatch(/messages/);
  });

  it("requires the API key when given one", async () => {
    const locked = await startSimulator({ apiKey: "sk-test", withDemoKey: false });
    try {
      expect((await post({ model: "m", messages: [{ role: "user", content: "hi" }] }, locked)).status).toBe(401);
      const ok = await fetch(`${locked.url}/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer sk-test" },
        body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "hi" }] }),
      });
      expect(ok.status).toBe(200);
    } finally {
      await locked.close();
    }
  });
});

describe("accuracy profile on the demo data", () => {
  it("spans too easy / teachable / too hard at k=8, and the verifiers agree with it", async () => {
    const math = demoRows("gsm8k.sample.jsonl", "gsm8k");
    const mcq = demoRows("mmlu-stem.sample.jsonl", "mmlu");
    const bands = { easy: 0, teachable: 0, hard: 0 };
    for (const [rows, verify] of [
      [math, verifyMath],
      [mcq, verifyMcq],
    ] as const) {
      for (const row of rows) {
        const body = await ask(row.prompt, 8);
        const passes = body.choices.filter((c) => verify(c.message.content, row.answer!).correct).length;
        if (passes === 8) bands.easy++;
        else if (passes === 0) bands.hard++;
        else bands.teachable++;
      }
    }
    const total = math.length + mcq.length;
    expect(total).toBeGreaterThan(500);
    // 30/45/25 by construction; some teachable items draw 0 or 8 of 8 by chance.
    expect(bands.easy / total).toBeGreaterThan(0.25);
    expect(bands.easy / total).toBeLessThan(0.42);
    expect(bands.teachable / total).toBeGreaterThan(0.33);
    expect(bands.hard / total).toBeGreaterThan(0.2);
    expect(bands.hard / total).toBeLessThan(0.36);
  });

  it("makes the strong (teacher) model right more often than the target", async () => {
    const rows = demoRows("gsm8k.sample.jsonl", "gsm8k").slice(0, 80);
    let target = 0;
    let strong = 0;
    for (const row of rows) {
      for (const c of (await ask(row.prompt, 4, "sim-target")).choices) if (verifyMath(c.message.content, row.answer!).correct) target++;
      for (const c of (await ask(row.prompt, 4, "sim-strong")).choices) if (verifyMath(c.message.content, row.answer!).correct) strong++;
    }
    expect(strong).toBeGreaterThan(target * 1.3);
    expect(strong / (rows.length * 4)).toBeGreaterThan(0.8);
  });

  it("writes code that passes the MBPP tests when right and returns None when wrong", async () => {
    const rows = demoRows("mbpp.sample.jsonl", "mbpp").slice(0, 6);
    let right = 0;
    let wrong = 0;
    for (const row of rows) {
      const tests = (row.metadata as { tests: string[] }).tests;
      const body = await ask(row.prompt, 2);
      for (const c of body.choices) {
        const v = await verifyCode(c.message.content, tests);
        if (/return None/.test(c.message.content)) {
          expect(v.correct).toBe(false);
          wrong++;
        } else {
          expect(v.correct, v.reason).toBe(true);
          right++;
        }
      }
    }
    expect(right + wrong).toBe(12);
  });

  it("is greedy at temperature 0 and draws fresh answers when asked again", async () => {
    const row = demoRows("gsm8k.sample.jsonl", "gsm8k")[3];
    const greedy = await ask(row.prompt, 4, "sim-target", { temperature: 0 });
    expect(new Set(greedy.choices.map((c) => c.message.content)).size).toBe(1);
    const a = await ask(row.prompt, 8);
    const b = await ask(row.prompt, 8);
    expect(a.choices.map((c) => c.message.content)).not.toEqual(b.choices.map((c) => c.message.content));
  });

  it("learns answers added at run time", async () => {
    sim.addAnswerKey([{ prompt: "Bench item 1: what is 6 times 7?", kind: "math", answer: "42" }]);
    const body = await ask("Bench  item 1: what is 6 times 7?", 16, "sim-strong");
    expect(body.choices.some((c) => verifyMath(c.message.content, "42").correct)).toBe(true);
  });
});

describe("judge and transform requests", () => {
  const row = () => demoRows("gsm8k.sample.jsonl", "gsm8k")[0];

  it("judges against the key and returns a rubric score", async () => {
    const r = row();
    const judge = async (response: string) => {
      const res = await post({ model: "sim-strong", messages: judgeMessages({ prompt: r.prompt, reference: r.answer, response }) });
      return parseJudgeReply(JSON.parse(res.text).choices[0].message.content);
    };
    const right = await judge(`So she earned \\boxed{${r.answer}}`);
    expect(right).toMatchObject({ correct: true });
    expect(right!.score).toBeGreaterThanOrEqual(1);
    expect(right!.score).toBeLessThanOrEqual(10);
    expect(await judge("The answer is 9999.")).toMatchObject({ correct: false });
  });

  it("rewrites a prompt into a checkable variant it then knows the answer to", async () => {
    const res = await post({ model: "sim-strong", messages: transformMessages({ prompt: "Prove that there are infinitely many primes." }) });
    const content = JSON.parse(res.text).choices[0].message.content as string;
    expect(content).toMatch(/Final answer: /);
    const variant = parseTransformReply(content)!;
    expect(variant.prompt).toMatch(/infinitely many primes/);
    const answers = await ask(variant.prompt, 16, "sim-strong");
    expect(answers.choices.some((c) => verifyMath(c.message.content, variant.answer).correct)).toBe(true);
  });
});

describe("faults", () => {
  it("injects 429 with Retry-After, 5xx and garbage at the configured shares", async () => {
    const faulty = await startSimulator({ rate429: 0.2, rate5xx: 0.2, rateGarbage: 0.2, seed: 3, withDemoKey: false });
    try {
      const seen = { ok: 0, r429: 0, r5xx: 0, garbage: 0 };
      for (let i = 0; i < 300; i++) {
        const r = await post({ model: "m", messages: [{ role: "user", content: `q${i}` }] }, faulty);
        if (r.status === 429) {
          expect(r.headers.get("retry-after")).toBe("1");
          seen.r429++;
        } else if (r.status >= 500) seen.r5xx++;
        else {
          let content: unknown;
          try {
            content = JSON.parse(r.text).choices[0].message.content;
          } catch {
            content = undefined;
          }
          if (typeof content === "string") seen.ok++;
          else seen.garbage++;
        }
      }
      for (const n of Object.values(seen)) expect(n).toBeGreaterThan(30);
      expect(seen.ok).toBeGreaterThan(90);
    } finally {
      await faulty.close();
    }
  });

  it("answers its latency after a request arrived: never sooner, and its own work is done while it waits", async () => {
    const sim = await startSimulator({ latencyMs: 40, withDemoKey: false });
    try {
      await Promise.all(Array.from({ length: 64 }, (_, i) => post({ model: "m", n: 8, messages: [{ role: "user", content: `q${i}` }] }, sim)));
      const s = sim.stats();
      expect(s.answered).toBe(64);
      expect(s.answerMsMin).toBeGreaterThanOrEqual(40);
      // A timer's lateness only (about a millisecond); generous for a loaded test machine.
      expect(s.answerMsTotal / s.answered).toBeLessThan(40 + 25);
    } finally {
      await sim.close();
    }
  });

  it("sends Retry-After as an HTTP date when told, and adds latency", async () => {
    const slow = await startSimulator({ latencyMs: 120, latencyJitterMs: 30, withDemoKey: false });
    try {
      const t = Date.now();
      await post({ model: "m", messages: [{ role: "user", content: "q" }] }, slow);
      expect(Date.now() - t).toBeGreaterThanOrEqual(115);
      slow.setFaults({ latencyMs: 0, latencyJitterMs: 0, rate429: 1, retryAfterFormat: "date", retryAfterSeconds: 2 });
      const r = await post({ model: "m", messages: [{ role: "user", content: "q" }] }, slow);
      expect(r.status).toBe(429);
      const at = Date.parse(r.headers.get("retry-after")!);
      expect(at - Date.now()).toBeGreaterThan(500);
      expect(slow.stats().byStatus[429]).toBe(1);
    } finally {
      await slow.close();
    }
  });
});

describe("answers for any pool (--answers FILE)", () => {
  it("reads a JSONL of prompt/answer, infers each kind, and scores a pool outside the demo into a spread", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sim-answers-"));
    const file = path.join(dir, "answers.jsonl");
    const rows = Array.from({ length: 150 }, (_, i) => ({ prompt: `Outside the demo ${i}: a farmer has ${i + 7} cows and buys ${i % 9} more. How many cows?`, answer: String(i + 7 + (i % 9)) }));
    fs.writeFileSync(file, [...rows.map((r) => JSON.stringify(r)), JSON.stringify({ prompt: "blank", answer: " " }), ""].join("\n"));
    const entries = readAnswersFile(file);
    expect(entries).toHaveLength(150); // the blank reference is skipped
    expect(entries[0].kind).toBe("math");

    const any = await startSimulator({ seed: 5, answerKeys: entries });
    try {
      const bands = { easy: 0, teachable: 0, hard: 0 };
      for (const row of rows) {
        const body = await ask(row.prompt, 8, "sim-target", {}, any);
        const passes = body.choices.filter((c) => verifyMath(c.message.content, row.answer).correct).length;
        bands[passes === 8 ? "easy" : passes === 0 ? "hard" : "teachable"]++;
      }
      expect(bands.easy).toBeGreaterThan(25);
      expect(bands.teachable).toBeGreaterThan(45);
      expect(bands.hard).toBeLessThan(60);
      expect(any.stats().guessed).toBe(0);
    } finally {
      await any.close();
    }
  });

  it("refuses a malformed line by number", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sim-answers-")), "bad.jsonl");
    fs.writeFileSync(file, `${JSON.stringify({ prompt: "a", answer: "1" })}\n{"question": "b"}\n`);
    expect(() => readAnswersFile(file)).toThrow(/bad\.jsonl:2/);
  });

  it("infers answer kinds, a declared kind winning", () => {
    expect(kindOfAnswer("C")).toBe("mcq");
    expect(kindOfAnswer("def f(x):\n    return x")).toBe("code");
    expect(kindOfAnswer("1,234")).toBe("math");
    expect(kindOfAnswer("\\frac{1}{2}")).toBe("math");
    expect(kindOfAnswer("Paris")).toBe("exact");
    expect(kindOfAnswer("Paris", "math")).toBe("math");
    expect(kindOfAnswer("7", "none")).toBe("math");
  });

  it("marks a guess for an unknown prompt in the text, a header and system_fingerprint", async () => {
    const r = await post({ model: "sim-target", messages: [{ role: "user", content: "A prompt nobody imported" }], n: 1 });
    expect(r.headers.get("x-edgewise-sim-unknown")).toBe("1");
    const body = JSON.parse(r.text);
    expect(body.system_fingerprint).toBe("edgewise-sim-guessed");
    expect(body.choices[0].message.content.startsWith(SIM_GUESS_MARK)).toBe(true);
    const known = await post({ model: "sim-target", messages: [{ role: "user", content: demoRows("gsm8k.sample.jsonl", "gsm8k")[0].prompt }] });
    expect(known.headers.get("x-edgewise-sim-unknown")).toBe("0");
    expect(JSON.parse(known.text).system_fingerprint).toBe("edgewise-sim");
  });
});
