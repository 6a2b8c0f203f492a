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
    expect(verifyMcq("The answer is (B).", "B")).toEqual({ correct: true, extracted: "B", reason: "chose B = reference B (answer-phrase)" });
  });

  it("rejects a wrong letter", () => {
    expect(verifyMcq("The answer is (C).", "B")).toEqual({ correct: false, extracted: "C", reason: "chose C (answer-phrase) ≠ reference B" });
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

describe("MCQ answers in other shapes (issue 12)", () => {
  it.each([
    ["option text alone", "Paris", "B"],
    ["option text in a sentence", "Thinking it over, the capital is Paris.", "B"],
    ["(B) because …", "(B) because the capital of France is Paris, not Berlin (C).", "B"],
    ["answer is (B) because", "The answer is (B) because only Paris fits, while (C) is German.", "B"],
    ["full-width letter and brackets", "答案是（Ｂ）", "B"],
    ["full-width letter alone", "Ｂ", "B"],
    ["Chinese phrase", "经过分析，答案是 B。", "B"],
    ["Chinese 选", "所以选C", "C"],
    ["Japanese phrase", "正解は D です", "D"],
    ["French with a space before the colon", "Après réflexion.\nRéponse : B", "B"],
    ["French sentence", "La bonne réponse est (B).", "B"],
    ["Spanish", "Respuesta: A", "A"],
    ["German", "Die Antwort ist C.", "C"],
    ["Russian", "Ответ: D", "D"],
  ])("%s", (_name, response, letter) => {
    expect(extractMcqChoice(response, OPTIONS)?.letter).toBe(letter);
  });

  it("reads several letters as one multi-select answer", () => {
    expect(extractMcqChoice("The answer is B and D.")?.letter).toBe("B,D");
    expect(extractMcqChoice("Answer: (D), (B)")?.letter).toBe("B,D");
    expect(extractMcqChoice("$\\boxed{BD}$")?.letter).toBe("B,D");
    expect(extractMcqChoice("答案是 B 和 D")?.letter).toBe("B,D");
  });

  it("needs the same set of letters when the reference has several", () => {
    expect(verifyMcq("The answer is B and C.", "B, C").correct).toBe(true);
    expect(verifyMcq("The answers are C and B", "BC").correct).toBe(true);
    expect(verifyMcq("Final answer: C, B", "B and C").correct).toBe(true);
    const partial = verifyMcq("The answer is B.", "B, C");
    expect(partial).toEqual({ correct: false, extracted: "B", reason: "chose B (answer-phrase) ≠ reference B, C (multi-select: the same set of letters is needed)" });
    expect(verifyMcq("The answer is B, C and D.", "B, C").correct).toBe(false);
  });

  it("does not accept two letters for a single-letter reference", () => {
    expect(verifyMcq("The answer is B and C.", "B").correct).toBe(false);
  });

  it("reads a full-width reference", () => {
    expect(verifyMcq("The answer is B", "（Ｂ）").correct).toBe(true);
  });
});
