import { describe, expect, it } from "vitest";
import { BenchmarkIndex, type IndexItem } from "./ngram-index";
import { DEFAULT_RULE, forEachNgram, normalWords, ruleSchema, WordHasher } from "./ngrams";

const GSM =
  "Janet's ducks lay 16 eggs per day. She eats three for breakfast every morning and bakes muffins for her friends every day with four. She sells the remainder at the farmers' market daily for $2 per fresh duck egg. How much in dollars does she make every day at the farmers' market?";
const SHORT = "Find the number of ordered pairs of positive integers (a, b) with a + b = 1000."; // 16 words

const items: IndexItem[] = [
  { id: 101, benchmarkId: 1, prompt: GSM },
  { id: 201, benchmarkId: 2, prompt: SHORT },
  // A benchmark whose items all carry the same instruction: boilerplate, not a problem.
  ...["What is 17 times 23?", "Name the largest prime below 100.", "Solve x^2 = 49 for positive x."].map((q, i) => ({
    id: 301 + i,
    benchmarkId: 3,
    prompt: `Please reason step by step, and put your final answer within \\boxed{}. ${q}`,
  })),
];
const index = new BenchmarkIndex(items, DEFAULT_RULE);

describe("normalised words", () => {
  it("lowercase, punctuation and whitespace folded, unicode letters kept", () => {
    expect(normalWords("  X+y=3,\n\tÉTÉ  isn't  (ok)!")).toEqual(["x", "y", "3", "été", "isn", "t", "ok"]);
    expect(normalWords("")).toEqual([]);
    expect(normalWords("...")).toEqual([]);
  });

  it("the word hasher sees the same words, and equal n-grams get equal keys wherever they are", () => {
    const h = new WordHasher();
    const a = "one two three four five six";
    expect(h.hash(a)).toBe(normalWords(a).length);
    const keys = (t: string, n: number) => {
      h.hash(t);
      const out: string[] = [];
      forEachNgram(h, n, (k1, k2) => void out.push(`${k1}:${k2}`));
      return out;
    };
    const [first] = keys("Alpha beta, gamma!", 3);
    expect(keys("zeta eta ALPHA  beta gamma theta", 3)).toContain(first);
    expect(keys("alpha gamma beta", 3)).not.toContain(first);
    // Rolling keys equal keys computed from scratch.
    const rolled = keys("a b c d e f g h", 3);
    expect(rolled[5]).toBe(keys("f g h", 3)[0]);
  });

  it("the rule's defaults are 13-grams, plus 8-grams under 40 words", () => {
    expect(DEFAULT_RULE).toEqual({ n: 13, shortN: 8, shortBelow: 40, commonItems: 3 });
    expect(() => ruleSchema.parse({ n: 2 })).toThrow();
  });
});

describe("benchmark index", () => {
  it("finds a benchmark item embedded in a longer prompt, reformatted", () => {
    const prompt = `Here is a word problem for practice.\n\n${GSM.toUpperCase().replace(/ /g, "   ")}\n\nShow your work and give the final answer as an integer, please, in a box at the end.`;
    const hits = index.check(7, prompt);
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ candidateId: 7, benchmarkId: 1, benchmarkItemId: 101, n: 13 });
    expect(hits[0].ngram.split(" ")).toHaveLength(13);
    expect(normalWords(GSM).join(" ")).toContain(hits[0].ngram);
  });

  it("a long prompt needs a 13-gram; a short prompt matches on 8 words", () => {
    // 8 words of SHORT inside a long prompt: no hit (13-grams only over 40 words).
    const eight = "number of ordered pairs of positive integers a";
    const filler = Array.from({ length: 40 }, (_, i) => `w${i}`).join(" ");
    expect(index.check(1, `${filler} ${eight} ${filler}`)).toEqual([]);
    // The same 8 words in a prompt under 40 words: a hit on the 8-gram.
    const hits = index.check(2, `Count all ${eight}, b) such that their sum is 500.`);
    expect(hits).toMatchObject([{ benchmarkId: 2, benchmarkItemId: 201, n: 8, ngram: eight }]);
    // Seven shared words are not enough.
    expect(index.check(3, "Count the number of ordered pairs of positive numbers.")).toEqual([]);
  });

  it("ignores common short phrases and a benchmark's boilerplate", () => {
    expect(index.check(1, "How much in dollars does she make?")).toEqual([]);
    const boiler = "Please reason step by step, and put your final answer within \\boxed{}. How many edges does a cube have?";
    expect(index.check(2, boiler)).toEqual([]);
    // The item's own problem text still counts.
    expect(index.check(3, "Please reason step by step, and put your final answer within \\boxed{}. Name the largest prime below 100.")).toMatchObject([
      { benchmarkId: 3, benchmarkItemId: 302 },
    ]);
  });

  it("one hit per benchmark, and only the benchmarks asked for", () => {
    const both = `${GSM} Also: ${SHORT}`;
    expect(index.check(1, both).map((h) => h.benchmarkId).sort()).toEqual([1, 2]); // SHORT has 16 words: 13-grams reach it
    expect(index.check(1, `${GSM} ${GSM}`)).toHaveLength(1);
    expect(index.check(1, GSM, new Set([2]))).toEqual([]);
  });

  it("an item a benchmark repeats word for word is matched to its first copy", () => {
    const twice = new BenchmarkIndex([{ id: 1, benchmarkId: 9, prompt: GSM }, { id: 2, benchmarkId: 9, prompt: GSM }], DEFAULT_RULE);
    expect(twice.check(5, GSM)).toMatchObject([{ benchmarkId: 9, benchmarkItemId: 1 }]);
  });

  it("n is configurable", () => {
    const five = new BenchmarkIndex(items, ruleSchema.parse({ n: 5, shortBelow: 0 }));
    expect(five.check(1, "They bakes muffins for her friends often.")).toMatchObject([{ benchmarkId: 1, n: 5, ngram: "bakes muffins for her friends" }]);
    expect(index.check(1, "They bakes muffins for her friends often.")).toEqual([]);
  });
});
