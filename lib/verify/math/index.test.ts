import { describe, expect, it } from "vitest";
import { verifyMath } from ".";

describe("verifyMath", () => {
  it("accepts a GSM8K-style response", () => {
    expect(verifyMath("48 + 24 = 72 clips.\n#### 72", "72")).toEqual({
      correct: true,
      extracted: "72",
      reason: "extracted 72 (hashes) = reference 72: identical after normalisation",
    });
  });

  it("accepts a MATH-style boxed expression against an equivalent reference", () => {
    const verdict = verifyMath("Hence $\\boxed{\\frac{\\sqrt{3}}{2}}$.", "\\frac{\\sqrt3}{2}");
    expect(verdict.correct).toBe(true);
    expect(verdict.extracted).toBe("\\frac{\\sqrt{3}}{2}");
  });

  it("accepts a chatty answer", () => {
    expect(verifyMath("Let me add: 40 + 2. So the answer is $42$.", "42").correct).toBe(true);
  });

  it("explains a wrong answer", () => {
    expect(verifyMath("The answer is 42.", "24")).toEqual({
      correct: false,
      extracted: "42",
      reason: "extracted 42 (answer-phrase) ≠ reference 24",
    });
  });

  it("names the interval end that differs", () => {
    expect(verifyMath("$\\boxed{[0,9)}$", "(0,9)").reason).toBe(
      "extracted [0,9) (boxed) ≠ reference (0,9): interval ends differ: [0,9) vs (0,9)",
    );
  });

  it("says when there is no final answer", () => {
    expect(verifyMath("I cannot solve this.", "3")).toEqual({
      correct: false,
      extracted: null,
      reason: "no final answer found",
    });
  });

  it("reads a worked-solution reference", () => {
    expect(verifyMath("#### 7,425,000", "They earn 7425000 in total.\n#### 7425000").reason).toBe(
      "extracted 7,425,000 (hashes) = reference 7425000: equal as numbers: 7,425,000 = 7425000",
    );
  });

  it("shortens long answers in the reason", () => {
    const long = `${"1 + ".repeat(40)}1`;
    const { reason } = verifyMath(`The answer is ${long}`, "2");
    expect(reason.length).toBeLessThan(160);
    expect(reason).toContain("…");
  });

  it("accepts a percent answer for a ratio reference and the reverse", () => {
    expect(verifyMath("The answer is 28%.", "0.28").correct).toBe(true);
    expect(verifyMath("The answer is 0.28", "28\\%").correct).toBe(true);
  });
});
