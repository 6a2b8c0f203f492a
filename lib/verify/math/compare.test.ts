import { describe, expect, it } from "vitest";
import { compareMathAnswers } from "./compare";

// [candidate, reference, equal]. Each row is one equivalence decision the verifier must get
// right; both directions are checked, since the candidate/reference roles are symmetric.
const CASES: [string, string, boolean][] = [
  // integers, signs, thousands separators
  ["42", "42", true],
  ["42", "24", false],
  ["-7", "-7", true],
  ["-7", "7", false],
  ["+7", "7", true],
  ["7,425,000", "7425000", true],
  ["7425000", "7,425,000", true],
  ["7,425,001", "7425000", false],
  ["7425001", "7425000", false],
  ["1{,}000", "1000", true],
  ["1,\\!000", "1000", true],
  ["12345678901234567890", "12345678901234567891", false],
  ["0", "0", true],
  ["0", "-0", true],
  ["007", "7", true],
  // decimals
  ["0.5", "0.50", true],
  [".5", "0.5", true],
  ["5.", "5", true],
  ["3.14", "3.141", false],
  ["2.0", "2", true],
  ["1,234.5", "1234.50", true],
  ["-0.25", "-\\frac{1}{4}", true],
  // currency, units, percent
  ["\\$18", "18", true],
  ["$18.00", "18", true],
  ["\\$ 1,200", "1200", true],
  ["12 dollars", "12", true],
  ["5 cm", "5", true],
  ["5\\text{ cm}", "5", true],
  ["5 \\text{cm}^2", "5", true],
  ["20 \\mbox{ minutes}", "20", true],
  ["6 apples", "7", false],
  ["28\\%", "28\\%", true],
  ["28%", "0.28", true],
  ["0.28", "28\\%", true],
  ["28 percent", "28\\%", true],
  ["28", "28\\%", true],
  ["2.8", "28\\%", false],
  ["0.28", "28", false],
  // fractions
  ["\\frac{1}{2}", "0.5", true],
  ["0.5", "\\frac{1}{2}", true],
  ["\\dfrac{1}{2}", "1/2", true],
  ["\\tfrac{3}{4}", "0.75", true],
  ["\\frac12", "0.5", true],
  ["\\frac{2}{4}", "\\frac{1}{2}", true],
  ["-\\frac{1}{2}", "\\frac{-1}{2}", true],
  ["\\frac{1}{-2}", "-0.5", true],
  ["1/3", "0.333", false],
  ["1/3", "0.3333333", true],
  ["\\frac{1}{3}", "\\frac{1}{4}", false],
  ["\\frac{7}{4}", "1.75", true],
  ["\\frac{1.5}{3}", "0.5", true],
  ["2 1/2", "2.5", true],
  ["2 1/2", "5/2", true],
  ["2\\frac{1}{2}", "\\frac{5}{2}", true],
  ["-2\\frac{1}{2}", "-2.5", true],
  ["2\\frac{1}{3}", "2.5", false],
  ["3/4", "\\frac34", true],
  // roots, pi, constants
  ["\\sqrt{3}", "\\sqrt3", true],
  ["\\sqrt{8}", "2\\sqrt{2}", true],
  ["\\sqrt{2}", "1.41421356", true],
  ["\\sqrt{2}", "1.414", false],
  ["\\frac{\\sqrt{3}}{2}", "\\frac{\\sqrt3}{2}", true],
  ["\\frac{\\sqrt{3}}{2}", "0.8660254", true],
  ["\\frac{\\sqrt{3}}{2}", "\\frac{\\sqrt{2}}{2}", false],
  ["\\frac{1}{\\sqrt{2}}", "\\frac{\\sqrt{2}}{2}", true],
  ["\\sqrt[3]{27}", "3", true],
  ["2\\pi", "\\pi \\cdot 2", true],
  ["\\pi/2", "\\frac{\\pi}{2}", true],
  ["\\frac{9\\pi}{4}", "2.25\\pi", true],
  ["3.14", "\\pi", false],
  ["\\pi", "π", true],
  ["2\\sqrt{5}+3", "3+2\\sqrt5", true],
  ["4\\sqrt{2}", "\\sqrt{32}", true],
  ["e^2", "\\exp(2)", true],
  ["\\binom{5}{2}", "10", true],
  ["5!", "120", true],
  ["\\log_2 8", "3", true],
  ["\\ln 1", "0", true],
  // scientific notation
  ["1.2e3", "1200", true],
  ["1.2E3", "1200", true],
  ["1.2 \\times 10^3", "1200", true],
  ["1.2 \\times 10^{3}", "1.2e3", true],
  ["3\\times 10^{-2}", "0.03", true],
  ["6.02 \\times 10^{23}", "6.02e23", true],
  ["1.2 \\times 10^4", "1200", false],
  // expressions with variables
  ["x^2+2x+1", "(x+1)^2", true],
  ["x^2+2x+1", "(x+1)^3", false],
  ["2x", "x+x", true],
  ["2x", "x\\cdot 2", true],
  ["\\frac{x}{2}", "0.5x", true],
  ["xy", "yx", true],
  ["x^2 - 1", "(x-1)(x+1)", true],
  ["x^2 + 1", "(x-1)(x+1)", false],
  ["\\sin^2 x + \\cos^2 x", "1", true],
  ["2\\sin x \\cos x", "\\sin(2x)", true],
  ["|x|", "x", false],
  ["\\sqrt{x^2}", "|x|", true],
  ["a^2+b^2", "b^2+a^2", true],
  ["3\\theta", "\\theta+2\\theta", true],
  ["y = 2x+3", "2x+3", true],
  ["y = 2x+3", "y=3+2x", true],
  ["f(x) = x^2", "x^2", true],
  ["n^{10}", "n^10", true],
  // equals-sign answers, wrappers, delimiters
  ["x = 3", "3", true],
  ["x=3", "4", false],
  ["k = -\\frac{1}{2}", "-0.5", true],
  ["\\theta = 30^\\circ", "30", true],
  ["$42$", "42", true],
  ["$$42$$", "42", true],
  ["\\(42\\)", "42", true],
  ["\\[ 42 \\]", "42", true],
  ["42.", "42", true],
  ["\\text{42}", "42", true],
  ["\\mathrm{42}", "42", true],
  ["\\textbf{42}", "42", true],
  ["\\boxed{42}", "42", true],
  ["**42**", "42", true],
  ["\\left( 3 \\right)", "3", true],
  ["3\\,000", "3000", true],
  ["3\\,00", "300", false],
  ["\\text{Monday}", "Monday", true],
  ["\\text{Monday}", "Tuesday", false],
  ["\\text{(C)}", "C", true],
  // degrees
  ["30^\\circ", "30", true],
  ["30^{\\circ}", "30°", true],
  ["30°", "30", true],
  ["30 degrees", "30", true],
  ["45^\\circ", "30", false],
  // tuples (ordered)
  ["(1, 2)", "(1,2)", true],
  ["(1, 2)", "(2, 1)", false],
  ["\\left( 3, \\frac{\\pi}{2} \\right)", "(3, \\frac{\\pi}{2})", true],
  ["(0.5, 2)", "(\\frac{1}{2}, 2)", true],
  ["(1, 2, 3)", "(1, 2)", false],
  ["1, 2", "(1, 2)", true],
  ["\\langle 1, 2 \\rangle", "(1, 2)", true],
  ["\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}", "(1, 2)", true],
  ["\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}", "((1,2),(3,4))", true],
  ["\\begin{pmatrix} 1 \\\\ 3 \\end{pmatrix}", "(1, 2)", false],
  // sets (order-free), unions
  ["\\{1,2\\}", "\\{2,1\\}", true],
  ["\\{1,2\\}", "\\{1,2,3\\}", false],
  ["{1,3} ∪ {2,4}", "\\{1,2,3,4\\}", true],
  ["\\{1,3\\} \\cup \\{2,4\\}", "\\{4,3,2,1\\}", true],
  ["\\{1,3\\} \\cup \\{2,5\\}", "\\{1,2,3,4\\}", false],
  ["\\{\\frac{1}{2}, 3\\}", "\\{3, 0.5\\}", true],
  ["\\{1, 1, 2\\}", "\\{1, 2\\}", true],
  // a bare list is ordered unless the problem asks for a set (see the prompt tests below)
  ["-2, 1", "1, -2", false],
  ["-2, 1", "-2, 1", true],
  ["-2, 1", "1, 2", false],
  ["\\emptyset", "\\{\\}", true],
  ["\\emptyset", "\\{0\\}", false],
  ["\\{(1,2), (3,4)\\}", "\\{(3,4), (1,2)\\}", true],
  ["\\{(1,2), (3,4)\\}", "\\{(2,1), (3,4)\\}", false],
  // intervals: open/closed ends matter
  ["[0,9)", "(0,9)", false],
  ["[0,9)", "[0,9)", true],
  ["[0, 9)", "[0,9]", false],
  ["(0,9)", "(0, 9)", true],
  ["(-\\infty, 3]", "(-∞, 3]", true],
  ["(-\\infty, 3]", "(-\\infty, 3)", false],
  ["[2, \\infty)", "[2, \\infty)", true],
  ["(-\\infty, -2] \\cup [3, \\infty)", "[3,\\infty) \\cup (-\\infty,-2]", true],
  ["(-\\infty, -2) \\cup [3, \\infty)", "(-\\infty,-2] \\cup [3,\\infty)", false],
  ["(-\\infty, 1) \\cup (1, \\infty)", "(-\\infty, 1)", false],
  ["x \\in [2, 5)", "[2,5)", true],
  ["[\\frac{1}{2}, 1]", "[0.5, 1]", true],
  // infinity
  ["\\infty", "∞", true],
  ["\\infty", "-\\infty", false],
  // structure vs scalar
  ["(1, 2)", "3", false],
  ["\\{1\\}", "1, 2", false],
  // nonsense stays unequal
  ["", "42", false],
  ["\\frac{", "42", false],
  ["a=b", "42", false],
];

describe("compareMathAnswers", () => {
  it("has a table of at least 150 cases", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(150);
  });

  it.each(CASES)("%s vs %s → %s", (candidate, reference, equal) => {
    expect(compareMathAnswers(candidate, reference).equal).toBe(equal);
    expect(compareMathAnswers(reference, candidate).equal).toBe(equal);
  });

  it("explains how answers were found equal", () => {
    expect(compareMathAnswers("\\frac{1}{2}", "0.5").detail).toBe("equal as fractions: \\frac{1}{2} = 0.5");
    expect(compareMathAnswers("7,425,000", "7425000").detail).toBe("equal as numbers: 7,425,000 = 7425000");
    expect(compareMathAnswers("28%", "0.28").detail).toBe("equal as percent: 28% = 0.28");
    expect(compareMathAnswers("{1,3} ∪ {2,4}", "\\{1,2,3,4\\}").detail).toBe("equal as sets");
    expect(compareMathAnswers("x^2+2x+1", "(x+1)^2").detail).toBe("equal as expressions at 6 sample points");
  });

  it("reads a bare list as a set only when the problem asks for all of something", () => {
    const findAll = { prompt: "Find all real x such that x^2 + x - 2 = 0." };
    expect(compareMathAnswers("-2, 1", "1, -2", findAll)).toEqual({
      equal: true,
      detail: "equal as sets (read as sets: the problem asks for all of them)",
    });
    expect(compareMathAnswers("-2, 1", "1, -2", { prompt: "Enter the ordered pair (a, b)." }).detail).toBe(
      "same elements in another order (read as ordered lists: the problem does not ask for a set)",
    );
  });

  it("says which interval end differs", () => {
    expect(compareMathAnswers("[0,9)", "(0,9)").detail).toBe("interval ends differ: [0,9) vs (0,9)");
  });

  it("gives the same verdict every run (fixed sample points)", () => {
    const runs = Array.from({ length: 3 }, () => compareMathAnswers("\\sqrt{x^2}", "|x|"));
    expect(new Set(runs.map((run) => JSON.stringify(run))).size).toBe(1);
  });
});
