import { describe, expect, it } from "vitest";
import { detectFormat } from "./detect-format";
import { convertLine } from "./formats";

const jsonl = (...rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join("\n") + "\n";

describe("detectFormat", () => {
  it("recognises each format by its keys", () => {
    expect(detectFormat(jsonl({ question: "2+2?", answer: "Add.\n#### 4" }))?.format).toBe("gsm8k");
    expect(detectFormat(jsonl({ question: "Q", choices: ["a", "b"], answer: 1 }))?.format).toBe("mmlu");
    expect(detectFormat(jsonl({ text: "Write f", test_list: ["assert f()"], code: "def f(): pass" }))?.format).toBe("mbpp");
    expect(detectFormat(jsonl({ prompt: "p", answer: "a" }))?.format).toBe("generic");
  });

  it("does not take a question/answer file without #### for GSM8K", () => {
    const guess = detectFormat(jsonl({ question: "Capital of France?", answer: "Paris" }));
    expect(guess).toEqual({ format: null, because: "no line has the keys of a known format", keys: ["question", "answer"], mapping: { prompt: "question", answer: "answer" } });
  });

  it("names the keys it found when nothing fits, in file order", () => {
    expect(detectFormat(jsonl({ instruction: "i", output: "o" }, { instruction: "j", input: "x", output: "p" }))?.keys).toEqual([
      "instruction",
      "output",
      "input",
    ]);
  });

  it("suggests the generic mapping for common key names: AIME/AMC problem + answer (a number too), Alpaca instruction + output", () => {
    expect(detectFormat(jsonl({ id: 60, problem: "Find x.", solution: "… so $x = 204$.", answer: "204" }))?.mapping).toEqual({ prompt: "problem", answer: "answer" });
    expect(detectFormat(jsonl({ id: 0, problem: "How many miles?", answer: 27.0, url: "u" }))?.mapping).toEqual({ prompt: "problem", answer: "answer" });
    expect(detectFormat(jsonl({ instruction: "Say hi", input: "", output: "hi" }))?.mapping).toEqual({ prompt: "instruction", answer: "output" });
    expect(detectFormat(jsonl({ query: "q only" }))?.mapping).toEqual({ prompt: "query" });
    expect(detectFormat(jsonl({ foo: "x", bar: 1 }))).not.toHaveProperty("mapping");
    // What it suggests, the importer accepts.
    const line = { problem: "How many miles?", answer: 27.0 };
    const { mapping } = detectFormat(jsonl(line))!;
    expect(convertLine(line, "generic", mapping)).toMatchObject({ ok: true, row: { prompt: "How many miles?", answer: "27" } });
  });

  it("goes by most lines, ignores bad lines and a line cut off by the sample", () => {
    const text = "not json\n\n" + jsonl({ question: "a", answer: "#### 1" }, { question: "b", answer: "#### 2" }, { prompt: "p" }) + '{"question": "cut';
    expect(detectFormat(text)?.format).toBe("gsm8k");
    expect(detectFormat("")).toBeNull();
    expect(detectFormat("[1,2]\nplain text\n")).toBeNull();
  });

  it("agrees with the importer: what it detects, the importer accepts", () => {
    const samples = [
      { question: "2+2?", answer: "Add.\n#### 4" },
      { question: "Q", choices: ["a", "b"], answer: 1 },
      { text: "Write f", test_list: ["assert f()"] },
      { prompt: "p" },
    ];
    for (const s of samples) {
      const format = detectFormat(jsonl(s))!.format!;
      expect(convertLine(s, format).ok, format).toBe(true);
    }
  });
});

describe("a generic line without prompt", () => {
  it("says which keys it has", () => {
    expect(convertLine({ instruction: "do x", output: "y" }, "generic")).toEqual({
      ok: false,
      reason: 'missing "prompt"; the line has "instruction", "output": map one to prompt, or pick the file\'s format',
    });
    const wide = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, i]));
    expect((convertLine(wide, "generic") as { reason: string }).reason).toContain('"k7" and 2 more');
  });
});
