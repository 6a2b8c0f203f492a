import { describe, expect, it } from "vitest";
import { convertLine, genericRowViaSchema, LIMITS, plainGenericRow } from "./formats";

const reason = (v: unknown, f: Parameters<typeof convertLine>[1] = "generic", m = {}) => {
  const r = convertLine(v, f, m);
  return r.ok ? "ok" : r.reason;
};

describe("generic", () => {
  it("takes prompt, answer, domain, source, metadata", () => {
    const r = convertLine({ prompt: "2+2?", answer: 4, domain: "math", source: "s", metadata: { k: 1 } }, "generic");
    expect(r).toEqual({ ok: true, row: { prompt: "2+2?", answer: "4", domain: "math", source: "s", metadata: { k: 1 } } });
  });
  it("says what is wrong, naming the field", () => {
    expect(reason({})).toBe('missing "prompt"');
    expect(reason({ prompt: 5 })).toBe('"prompt": expected string, got number');
    expect(reason({ prompt: "   " })).toBe('"prompt" is empty');
    expect(reason({ prompt: "x", answer: { a: 1 } })).toBe('"answer": expected string or number, got object');
    expect(reason({ prompt: "x", answer: [1] })).toBe('"answer": expected string or number, got array');
    expect(reason({ prompt: "x", metadata: [1] })).toMatch(/"metadata"/);
    expect(reason([1, 2])).toBe("line is not a JSON object");
    expect(reason("text")).toBe("line is not a JSON object");
    expect(reason(null)).toBe("line is not a JSON object");
  });
  it("refuses over-long fields, NUL characters and huge metadata", () => {
    expect(reason({ prompt: "x".repeat(LIMITS.prompt + 1) })).toMatch(/"prompt" longer than 100,000 characters/);
    expect(reason({ prompt: "a\u0000b" })).toMatch(/NUL/);
    expect(reason({ prompt: "x", metadata: { big: "y".repeat(70_000) } })).toMatch(/64 KiB/);
  });
  it("maps other key names, including nested ones", () => {
    const r = convertLine({ instruction: "Hi", output: "Yo", meta: { origin: "web" } }, "generic", {
      prompt: "instruction",
      answer: "output",
      source: "meta.origin",
    });
    expect(r).toMatchObject({ ok: true, row: { prompt: "Hi", answer: "Yo", source: "web" } });
  });
  it("names the file's own key when a mapped field is wrong", () => {
    const mapped = (v: unknown) => convertLine(v, "generic", { prompt: "instruction" });
    expect(mapped({ prompt: "not the mapped key", output: "2" })).toEqual({ ok: false, reason: 'missing "instruction" (mapped to prompt)' });
    expect(mapped({ instruction: 7 })).toEqual({ ok: false, reason: '"instruction" (mapped to prompt): expected string, got number' });
  });
});

describe("gsm8k", () => {
  it("keeps the final answer after #### (commas dropped) and the worked solution", () => {
    const r = convertLine({ question: "How many?", answer: "3 + 4 = 7\n#### 7,425,000" }, "gsm8k");
    expect(r).toMatchObject({ ok: true, row: { prompt: "How many?", answer: "7425000", source: "gsm8k" } });
    if (r.ok) expect(r.row.metadata).toEqual({ solution: "3 + 4 = 7\n#### 7,425,000" });
  });
  it("rejects a solution without ####", () => {
    expect(reason({ question: "Q", answer: "no marker" }, "gsm8k")).toMatch(/####/);
    expect(reason({ question: "Q", answer: "x ####  " }, "gsm8k")).toMatch(/nothing after/);
  });
});

describe("mmlu", () => {
  it("builds a lettered MCQ prompt and its letter", () => {
    const r = convertLine({ question: "Pick", choices: ["a", "b", "c", "d"], answer: 2, type: "college_physics" }, "mmlu");
    expect(r).toMatchObject({ ok: true, row: { prompt: "Pick\n\nA. a\nB. b\nC. c\nD. d", answer: "C" } });
    if (r.ok) expect(r.row.metadata).toMatchObject({ subject: "college_physics" });
  });
  it("accepts a letter answer and rejects an index out of range", () => {
    expect(convertLine({ question: "Q", choices: ["a", "b"], answer: "B" }, "mmlu")).toMatchObject({ row: { answer: "B" } });
    expect(reason({ question: "Q", choices: ["a", "b"], answer: 3 }, "mmlu")).toMatch(/not one of the 2 choices/);
    expect(reason({ question: "Q", choices: ["a"], answer: 0 }, "mmlu")).toMatch(/at least 2/);
  });
});

describe("mbpp", () => {
  it("shows the tests in the prompt and keeps them in metadata", () => {
    const r = convertLine({ text: "Add.", test_list: ["assert add(1,2)==3"], code: "def add(a,b): return a+b", task_id: 7 }, "mbpp");
    expect(r).toMatchObject({ ok: true, row: { answer: "def add(a,b): return a+b", source: "mbpp" } });
    if (r.ok) {
      expect(r.row.prompt).toBe("Add.\n\nYour code should pass these tests:\n\nassert add(1,2)==3");
      expect(r.row.metadata).toEqual({ tests: ["assert add(1,2)==3"], task_id: 7 });
    }
  });
  it("rejects a task without tests", () => {
    expect(reason({ text: "Add.", test_list: [] }, "mbpp")).toMatch(/no tests/);
  });
});

describe("generic fast path", () => {
  // plainGenericRow must give exactly what the zod schema gives, or step aside.
  const values: unknown[] = [undefined, null, "", " ", "x", " math ", "a".repeat(41), "b".repeat(201), 0, 4.5, -1, true, [1], { k: 1 }, "\t\n"];
  it("agrees with the zod path on every combination it accepts", () => {
    let seed = 11;
    const pick = () => values[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % values.length];
    let fast = 0;
    for (let i = 0; i < 20_000; i++) {
      const line: Record<string, unknown> = { prompt: pick(), answer: pick(), domain: pick(), source: pick(), metadata: pick() };
      for (const k of Object.keys(line)) if (line[k] === undefined) delete line[k];
      const row = plainGenericRow(line);
      const viaZod = genericRowViaSchema(line);
      if (row) {
        fast++;
        expect(row).toEqual(viaZod);
      }
    }
    expect(fast).toBeGreaterThan(100);
  });
});
