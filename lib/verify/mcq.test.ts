import { describe, expect, it } from "vitest";
import { extractMcqChoice, verifyMcq } from "./mcq";

const OPTIONS = ["London", "Paris", "Berlin", "Madrid"];

describe("extractMcqChoice", () => {
  it.each([
    ["boxed letter", "So the result is $\\boxed{B}$.", "B", "boxed"],
    ["boxed text-wrapped letter", "$\\boxed{\\text{(C)}}$", "C", "boxed"],
    ["boxed option text", "$\\boxed{\\text{Paris}}$", "B", "boxed"],
    ["answer colon", "Reasoning...\nanswer: B", "B", "answer-phrase"],
    ["correct option is", "After checking each one, the correct option is B because it fits.", "B", "answer-phrase"],
    ["answer is (C)", "Therefore, the answer is (C).", "C", "answer-phrase"],
    ["bold answer", "**Answer:** **D**", "D", "answer-phrase"],
    ["answer would be option", "So the answer would be option A.", "A", "answer-phrase"],
    ["lowercase letter alone", "final answer: c", "C", "answer-phrase"],
    ["later phrase on the same line", "I thought the answer is A, but the correct answer is B.", "B", "answer-phrase"],
    ["answer phrase naming the option text", "The answer is Paris.", "B", "answer-phrase"],
    ["final line letter", "Let me eliminate options.\n\nB", "B", "final-line"],
    ["final line B)", "Checking...\nB) Paris", "B", "final-line"],
    ["parenthesised in prose", "Only (D) satisfies both constraints, given the data.", "D", "parenthesised"],
    ["letter with close paren", "I pick C) as it fits best, trust me.", "C", "parenthesised"],
    ["option text in the last line", "Thinking about capitals.\nIt must be Berlin, I am sure.", "C", "option-text"],
    ["last standalone capital", "Comparing the two, D seems right.", "D", "last-letter"],
    ["article A ignored", "A train leaves at noon. I think C is right.", "C", "last-letter"],
    ["pronoun I ignored", "Looking at it again I would go with B here I guess", "B", "last-letter"],
  ])("%s", (_name, response, letter, source) => {
    expect(extractMcqChoice(response, OPTIONS)).toEqual({ letter, source });
  });

  it("does not take an answer phrase without a connector", () => {
    expect(extractMcqChoice("Option A says 3. Option B says 4. The answer is B.")?.letter).toBe("B");
  });

  it("finds nothing in prose that only uses the article", () => {
    expect(extractMcqChoice("A careful reader would skip this one.")).toBeNull();
  });

  it("accepts a letter-keyed option map", () => {
    expect(extractMcqChoice("The answer is Madrid", { A: "Rome", B: "Madrid" })).toEqual({ letter: "B", source: "answer-phrase" });
  });

  it("reads letters beyond D", () => {
    expect(extractMcqChoice("The answer is (H).")?.letter).toBe("H");
  });
});

describe("verifyMcq", () => {
  it("accepts the right letter", () => {
    expect(verifyMcq("The answer is (B).", "B")).toEqual({ correct: true, extracted: "B", reason: "chose B = reference B" });
  });

  it("rejects a wrong letter", () => {
    expect(verifyMcq("The answer is (C).", "B")).toEqual({ correct: false, extracted: "C", reason: "chose C ≠ reference B" });
  });

  it("accepts references written as (B) or b.", () => {
    expect(verifyMcq("B", "(B)").correct).toBe(true);
    expect(verifyMcq("B", " b. ").correct).toBe(true);
  });

  it("accepts a reference given as option text", () => {
    expect(verifyMcq("answer: B", "Paris", OPTIONS).correct).toBe(true);
  });

  it("says when no letter is found", () => {
    expect(verifyMcq("hmm, not sure", "B")).toEqual({ correct: false, extracted: null, reason: "no option letter found" });
  });

  it("says when the reference is unusable", () => {
    expect(verifyMcq("B", "Rome", OPTIONS).reason).toBe('reference "Rome" is not an option letter');
  });
});
