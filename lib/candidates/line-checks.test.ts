import { describe, expect, it } from "vitest";
import type { CandidateRow } from "./formats";
import { MAX_DEPTH, mayHoldUnstorable, tooDeep, unstorableField } from "./line-checks";

const row = (r: Partial<CandidateRow>): CandidateRow => ({ prompt: "p", answer: null, source: null, metadata: null, domain: null, ...r });

describe("mayHoldUnstorable (the raw-line pre-check)", () => {
  it("is true for every raw line whose parsed strings can hold NUL or a lone surrogate", () => {
    for (const raw of ['{"a":"\\u0000"}', '{"a":"\\ud800"}', '{"a":"\\uDFFF"}', '{"\\uDbff":1}']) {
      expect(mayHoldUnstorable(raw), raw).toBe(true);
    }
    for (const raw of ['{"a":"plain"}', '{"a":"\\u00e9 \\u4e2d"}', '{"a":"\\n\\t"}']) expect(mayHoldUnstorable(raw), raw).toBe(false);
  });

  it("never lets through a line that parses to a NUL or lone surrogate (exhaustive over escapes)", () => {
    for (let c = 0; c <= 0xffff; c += c < 0xd700 ? 97 : 1) {
      const raw = `{"a":"x\\u${c.toString(16).padStart(4, "0")}"}`;
      const parsed = JSON.parse(raw) as { a: string };
      const bad = parsed.a.includes("\u0000") || !(parsed.a as unknown as { isWellFormed(): boolean }).isWellFormed();
      if (bad) expect(mayHoldUnstorable(raw), raw).toBe(true);
    }
  });
});

describe("unstorableField", () => {
  it("names the field with a NUL, in every stored field", () => {
    expect(unstorableField(row({ prompt: "a\u0000" }))).toMatch(/^"prompt" contains a NUL/);
    expect(unstorableField(row({ answer: "\u0000" }))).toMatch(/^"answer" contains a NUL/);
    expect(unstorableField(row({ source: "s\u0000" }))).toMatch(/^"source" contains a NUL/);
    expect(unstorableField(row({ domain: "m\u0000" }))).toMatch(/^"domain" contains a NUL/);
  });

  it("walks metadata values and keys, nested in objects and arrays, naming the path", () => {
    expect(unstorableField(row({ metadata: { a: { b: ["ok", "x\ud800"] } } }))).toBe(
      '"metadata.a.b.1" contains a lone surrogate (\\ud800), which is not valid Unicode',
    );
    expect(unstorableField(row({ metadata: { a: { "k\u0000": 1 } } }))).toMatch(/^a key in "metadata.a" contains a NUL/);
    expect(unstorableField(row({ metadata: { "\udc00": 1 } }))).toMatch(/^a key in "metadata" contains a lone surrogate \(\\udc00\)/);
  });

  it("accepts well-formed text: surrogate pairs, the text \\u0000, other controls", () => {
    expect(unstorableField(row({ prompt: "😀 \\u0000 \t", metadata: { "😀": ["\ud83d\ude00", 1, null, true] } }))).toBeNull();
  });
});

describe("tooDeep", () => {
  const nest = (n: number) => '{"a":'.repeat(n) + "1" + "}".repeat(n);
  it(`refuses JSON nested deeper than ${MAX_DEPTH} levels, objects or arrays, and accepts ${MAX_DEPTH}`, () => {
    const at = nest(MAX_DEPTH);
    expect(tooDeep(at, JSON.parse(at))).toBeNull();
    const over = nest(MAX_DEPTH + 1);
    expect(tooDeep(over, JSON.parse(over))).toBe(`JSON nested deeper than ${MAX_DEPTH} levels`);
    const arrays = `{"m":${"[".repeat(200_000)}${"]".repeat(200_000)}}`;
    expect(tooDeep(arrays, JSON.parse(arrays))).toMatch(/deeper than/);
  });

  it("takes many brackets inside strings, or side by side, as shallow", () => {
    const braces = JSON.stringify({ prompt: "{[".repeat(500), metadata: { list: Array.from({ length: 100 }, () => ({ a: [1] })) } });
    expect(tooDeep(braces, JSON.parse(braces))).toBeNull();
  });

  it("handles 1M levels without a stack overflow", () => {
    const huge = nest(1_000_000);
    expect(tooDeep(huge, JSON.parse(huge))).toMatch(/deeper than/);
  });
});

describe("convertLine with the text check", () => {
  it("names the file's key under a mapping, and the stored field for fixed formats", async () => {
    const { convertLine } = await import("./formats");
    expect(convertLine({ instruction: "a\u0000b" }, "generic", { prompt: "instruction" })).toEqual({
      ok: false,
      reason: '"instruction" (mapped to prompt) contains a NUL character (\\u0000), which PostgreSQL cannot store',
    });
    const mmlu = convertLine({ question: "Q?", choices: ["a", "b\ud800"], answer: 0 }, "mmlu");
    expect(mmlu).toMatchObject({ ok: false, reason: expect.stringMatching(/^"prompt" contains a lone surrogate/) });
    const gsm8k = convertLine({ question: "Q?", answer: "work\u0000 #### 4" }, "gsm8k");
    expect(gsm8k).toMatchObject({ ok: false, reason: expect.stringMatching(/^"metadata.solution" contains a NUL/) });
    // The importer skips the walk for lines whose raw text has no risky escape.
    expect(convertLine({ prompt: "a\u0000b" }, "generic", {}, false)).toMatchObject({ ok: true });
  });
});
