import { describe, expect, it } from "vitest";
import { EXTRACTION_RULES, extractMathAnswer, referenceAnswer } from "./extract";

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

// One test per rule of the priority list (EXTRACTION_RULES), each also showing it beats the
// rules below it.
describe("extraction rules, strongest first", () => {
  it("lists the rules in priority order", () => {
    expect(EXTRACTION_RULES.map((r) => r.source)).toEqual([
      "final-answer-after-box", "boxed", "boxed-set", "hashes", "answer-phrase", "a-colon", "bare-answer", "last-math-span", "last-number",
    ]);
  });

  it("final-answer-after-box: a later 'The final answer is X' beats an earlier box", () => {
    expect(extractMathAnswer("First $\\boxed{12}$. Rechecking the sum... The final answer is $15$.")).toEqual({ text: "15", source: "final-answer-after-box" });
    // The phrase holding the box itself is just the box.
    expect(extractMathAnswer("The final answer is $\\boxed{15}$.")).toEqual({ text: "15", source: "boxed" });
  });

  it("boxed: the last box beats ####, phrases and numbers", () => {
    expect(extractMathAnswer("So $\\boxed{7}$.\n#### 8\nThe answer is 9. Also 10")).toEqual({ text: "7", source: "boxed" });
  });

  it("boxed-set: several boxes side by side mean the set of them", () => {
    expect(extractMathAnswer("The solutions are $\\boxed{2}$ and $\\boxed{5}$.")).toEqual({ text: "\\{2, 5\\}", source: "boxed-set" });
    expect(extractMathAnswer("x = \\boxed{2}, x = \\boxed{-3}")).toEqual({ text: "\\{2, -3\\}", source: "boxed-set" });
    // The same box twice is one answer; boxes a paragraph apart are a first try and a revision.
    expect(extractMathAnswer("$\\boxed{4}$ or $\\boxed{4}$")).toEqual({ text: "4", source: "boxed" });
    expect(extractMathAnswer("Try: $\\boxed{3}$.\n\nNo, I slipped; redoing the count gives $\\boxed{4}$.")).toEqual({ text: "4", source: "boxed" });
  });

  it("hashes: #### beats an answer phrase", () => {
    expect(extractMathAnswer("The answer is 5 apples.\n#### 6")).toEqual({ text: "6", source: "hashes" });
  });

  it("answer-phrase: 'the answer is', 'Final Answer: The smallest $k$ is 12.'", () => {
    expect(extractMathAnswer("Therefore the answer is $(4, 9)$. Check: 4 + 9 = 13")).toEqual({ text: "(4, 9)", source: "answer-phrase" });
    expect(extractMathAnswer("...\nFinal Answer: The smallest $k$ is 12.")).toEqual({ text: "12", source: "answer-phrase" });
    expect(extractMathAnswer("Final Answer: The final answer is $3:45$")).toEqual({ text: "3:45", source: "answer-phrase" });
    // One answer spread over several spans keeps all of them.
    expect(extractMathAnswer("Final Answer: $(2,9)$ or $(9,2)$")).toEqual({ text: "$(2,9)$ or $(9,2)$", source: "answer-phrase" });
  });

  it("a-colon: a final 'A: x' line", () => {
    expect(extractMathAnswer("Q: What is 6 times 7?\nA: 42")).toEqual({ text: "42", source: "a-colon" });
  });

  it("bare-answer: a response that is only an answer is taken whole", () => {
    expect(extractMathAnswer("$(-2, 5]$")).toEqual({ text: "$(-2, 5]$", source: "bare-answer" });
    expect(extractMathAnswer("y \\leq -3")).toEqual({ text: "y \\leq -3", source: "bare-answer" });
    expect(extractMathAnswer("3:45")).toEqual({ text: "3:45", source: "bare-answer" });
    expect(extractMathAnswer("2 \\text{ and } 11")).toEqual({ text: "2 \\text{ and } 11", source: "bare-answer" });
    expect(extractMathAnswer("\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}")?.source).toBe("bare-answer");
  });

  it("last-math-span: the last math span of the last sentence, not a stray digit", () => {
    expect(extractMathAnswer("Substituting back, both equations hold. Hence $(4, 9)$ solves the system.")).toEqual({ text: "(4, 9)", source: "last-math-span" });
    expect(extractMathAnswer("We solve for $g$ step by step, with 2 cases. So \\(g(t) = 2t\\) works.")).toEqual({ text: "g(t) = 2t", source: "last-math-span" });
    expect(extractMathAnswer("Combining the 3 cases we get\n\\[ y \\leq -3 \\]")).toEqual({ text: "y \\leq -3", source: "last-math-span" });
    // An arithmetic chain ends in its value.
    expect(extractMathAnswer("She had 5 and got 3 more, so she has $5 + 3 = 8$ now.")).toEqual({ text: "8", source: "last-math-span" });
    expect(extractMathAnswer("Adding both days:\n\\[ \\text{Total} = 48 + 24 = 72 \\]")?.text).toBe("72");
    expect(extractMathAnswer("Adding both days:\n\\[ \\text{Total} = 72 \\]")?.text).toBe("72");
    expect(extractMathAnswer("Solving, the line through both points is \\(3x - 6y + 2 = 0\\)")?.text).toBe("3x - 6y + 2 = 0");
    // Money in prose is not math: "$5 and gets $3".
    expect(extractMathAnswer("She pays $5 and gets $3 back, so she spent 2 dollars.")).toEqual({ text: "2", source: "last-number" });
  });

  it("last-number: when the last sentence has no math span", () => {
    expect(extractMathAnswer("Using $x = 3$ we find the total. It comes to 17 apples.")).toEqual({ text: "17", source: "last-number" });
    // Digit groups stay whole: "27{,}384", "3\,000", a thin space.
    expect(extractMathAnswer("Counting the paths gives 27{,}384 ways in total")).toEqual({ text: "27,384", source: "last-number" });
    expect(extractMathAnswer("which is 3\\,000 metres")?.text).toBe("3,000");
    expect(extractMathAnswer("about 2\u2009500 people came")?.text).toBe("2,500");
  });
});

describe("referenceAnswer with several boxes", () => {
  it("is the set of its boxes", () => {
    expect(referenceAnswer("So $x = \\boxed{2}$. The other root is $\\boxed{5}$.")).toBe("\\{2, 5\\}");
  });
});
