import { describe, expect, it } from "vitest";
import { extractMathAnswer, referenceAnswer } from "./extract";

const GSM8K_RESPONSE = `Natalia sold 48/2 = <<48/2=24>>24 clips in May.
Natalia sold 48+24 = <<48+24=72>>72 clips altogether in April and May.
#### 72`;

const MATH_RESPONSE = String.raw`We know that $\sin 60^\circ = \frac{\sqrt{3}}{2}$ from the unit circle.
Let me double-check with the 30-60-90 triangle: the sides are $1, \sqrt{3}, 2$, so the ratio is
$\frac{\sqrt3}{2}$ indeed. Therefore
$$\sin 60^\circ = \boxed{\frac{\sqrt{3}}{2}}.$$`;

const REVISING_RESPONSE = String.raw`First attempt: $\boxed{12}$. Wait, I made an arithmetic slip; 3 + 4 = 7 not 6.
Recomputing: the total is $5 \cdot 3 = 15$. The final answer is $\boxed{15}$.`;

describe("extractMathAnswer", () => {
  it.each([
    ["GSM8K hashes", GSM8K_RESPONSE, "72", "hashes"],
    ["MATH boxed with nested braces", MATH_RESPONSE, "\\frac{\\sqrt{3}}{2}", "boxed"],
    ["the last of several boxes", REVISING_RESPONSE, "15", "boxed"],
    ["\\fbox", "so we get \\fbox{7} in the end", "7", "boxed"],
    ["\\boxed without braces", "the result is $\\boxed 5$", "5", "boxed"],
    ["boxed set with escaped braces", "Answer: $\\boxed{\\{1, 2\\}}$", "\\{1, 2\\}", "boxed"],
    ["empty box skipped for an earlier one", "$\\boxed{3}$ ... \\boxed{}", "3", "boxed"],
    ["chatty inline math", "Adding them up gives 40 + 2. So the answer is $42$.", "42", "answer-phrase"],
    ["answer is, plain", "The answer is 3.5.", "3.5", "answer-phrase"],
    ["final answer colon", "Some work: 2*9 = 18.\nFinal answer: 18", "18", "answer-phrase"],
    ["bold answer label", "Work...\n**Answer:** 1,250 dollars", "1,250 dollars", "answer-phrase"],
    ["answer with reason after", "The answer is 12 because each box holds 3.", "12", "answer-phrase"],
    ["exclamation is not factorial", "So the answer is 42!", "42", "answer-phrase"],
    ["the last phrase wins", "I thought the answer is 5. Actually, the final answer is 6.", "6", "answer-phrase"],
    ["display math after phrase", "The final answer is \\(\\frac{1}{2}\\)", "\\frac{1}{2}", "answer-phrase"],
    ["final A: line", "Q: What is 6 times 7?\nA: 42", "42", "a-colon"],
    ["last number", "She has 3 apples and buys 4 more, so 7 apples in total.", "7", "last-number"],
    ["last number with separators", "The company earned $7,425,000 this year", "7,425,000", "last-number"],
    ["last number negative", "The temperature drops to -5 degrees", "-5", "last-number"],
    ["range dash is not a sign", "see pages 3-4", "4", "last-number"],
    ["last number decimal", "It costs 2.50 per item", "2.50", "last-number"],
    ["last number fraction", "each gets 3/4", "3/4", "last-number"],
  ])("%s", (_name, response, text, source) => {
    expect(extractMathAnswer(response)).toEqual({ text, source });
  });

  it("finds nothing in a response without an answer", () => {
    expect(extractMathAnswer("I am not sure how to solve this.")).toBeNull();
    expect(extractMathAnswer("")).toBeNull();
  });

  it("prefers a box over a later stray number", () => {
    expect(extractMathAnswer("$\\boxed{8}$ (checked 2 ways)")?.text).toBe("8");
  });
});

describe("referenceAnswer", () => {
  it("takes the marked answer out of a worked solution", () => {
    expect(referenceAnswer(GSM8K_RESPONSE)).toBe("72");
    expect(referenceAnswer("So $x = \\boxed{5}$.")).toBe("5");
  });

  it("keeps a bare reference as it is", () => {
    expect(referenceAnswer(" \\frac{1}{2} ")).toBe("\\frac{1}{2}");
  });
});
