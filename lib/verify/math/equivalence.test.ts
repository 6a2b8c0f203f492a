import { describe, expect, it } from "vitest";
import { compareMathAnswers } from "./compare";

// Equivalence table for competition-style answers (issue 12), written from the rules in the
// README's "Math verifier" section: [candidate, reference, equal, prompt?]. Every row is
// checked in both directions. A prompt is given where the reading depends on it (a list as a
// set or in order, a:b as a ratio or a time).

type Row = [string, string, boolean, string?];

const FIND_ALL = "Find all real numbers x that satisfy the equation.";
const ORDERED = "Enter the ordered triple (a, b, c).";
const RATIO = "What is the ratio of the areas of the two triangles?";
const TIME = "At what time does the train arrive?";

const SETS: Row[] = [
  ["3;5;9", "3, 5, 9", true, FIND_ALL],
  ["3;5;9", "\\{3,5,9\\}", true],
  ["3; 5; 9", "9; 5; 3", true],
  ["3;5;9", "3;5;8", false],
  ["3;5", "3;5;9", false],
  ["2 \\text{ and } 11", "\\{2, 11\\}", true],
  ["2 \\text{ and } 11", "11 and 2", true],
  ["2 and 11", "2, 11", true, FIND_ALL],
  ["2 and 11", "2 and 13", false],
  ["2, 3, and 7", "\\{7, 3, 2\\}", true],
  ["2, 3 and 7", "2;3;7", true],
  ["2, 3, and 7", "\\{2, 3\\}", false],
  ["1, 2, 3", "\\{3, 2, 1\\}", true],
  ["\\{1, 2\\}", "\\{1, 2, 2\\}", true],
  ["\\{\\frac12, -3\\}", "-3 \\text{ and } 0.5", true],
  ["\\{\\frac12, -3\\}", "-3 \\text{ and } -0.5", false],
  ["\\{\\sqrt2, -\\sqrt2\\}", "\\pm\\sqrt{2}", true],
  ["x=1 \\text{ or } x=-4", "\\{1, -4\\}", true],
  ["x = 1 or x = -4", "-4, 1", true, FIND_ALL],
  ["x = 1 or x = -4", "-4, 1", true],
  ["x = 1 or x = 4", "-4, 1", false, FIND_ALL],
  ["\\emptyset", "\\varnothing", true],
  ["\\emptyset", "\\{1\\}", false],
  ["\\{0\\}", "0", false],
  ["\\{(1,2),(3,4)\\}", "(3,4); (1,2)", true],
  ["\\{(1,2),(3,4)\\}", "(3,4) \\text{ and } (2,1)", false],
  ["a, b, c", "\\{c, b, a\\}", true],
  ["-1;1", "\\{-1,1\\}", true],
  ["-1;1", "\\{-1,2\\}", false],
  ["1 and 2 and 3", "\\{1,2,3\\}", true],
];

const ORDER: Row[] = [
  ["6, 1, -3", "1, 6, -3", false],
  ["6, 1, -3", "6, 1, -3", true],
  ["6, 1, -3", "1, 6, -3", true, FIND_ALL],
  ["6, 1, -3", "1, 6, -3", false, ORDERED],
  ["6, 1, -3", "(6, 1, -3)", true],
  ["6, 1, -3", "(1, 6, -3)", false, ORDERED],
  ["(6, 1, -3)", "(1, 6, -3)", false, FIND_ALL],
  ["1, 2", "2, 1", true, "List all solutions, separated by commas."],
  ["1, 2", "2, 1", true, "What are all possible values of n?"],
  ["1, 2", "2, 1", false, "Enter the solutions in increasing order, separated by commas. Find all of them."],
  ["1, 2", "2, 1", true, "Find all integers n such that n^2 - 3n + 2 = 0. Enter them in any order."],
  ["1, 2", "2, 1", false, "Compute the coordinates of the point."],
  ["1, 2, 3", "1, 2", false, FIND_ALL],
  ["1, 2", "1, 2, 2", false],
  ["\\frac12, 3", "0.5, 3", true],
  ["\\frac12, 3", "3, 0.5", false],
  ["\\frac12, 3", "3, 0.5", true, FIND_ALL],
  ["(1, 2)", "(2, 1)", false, FIND_ALL],
  ["1, -1", "-1, 1", true, "Find all real solutions to x^2 = 1."],
  ["1, -1", "-1, 1", false, "Find a and b, in that order."],
];

const NAMED: Row[] = [
  ["(a,b)=(5,1)", "(5,1)", true],
  ["(a, b) = (5, 1)", "(5, 1)", true],
  ["(a,b)=(5,1)", "(1,5)", false],
  ["(a,b)=(5,1)", "5, 1", true],
  ["(x, y, z) = (1, 2, 3)", "(1,2,3)", true],
  ["(x, y, z) = (1, 2, 3)", "(1,3,2)", false],
  ["PQ=7, RS=2", "7, 2", true],
  ["PQ = 7, RS = 2", "(7, 2)", true],
  ["PQ=7, RS=2", "2, 7", false],
  ["m = 6, r = 3", "6, 3", true],
  ["m = 6, r = 3", "(6, 3)", true],
  ["m = 6, r = 3", "(3, 6)", false],
  ["r = 3, m = 6", "m = 6, r = 3", true],
  ["a = 1, b = 2", "b = 2, a = 1", true],
  ["a = 1, b = 2", "b = 1, a = 2", false],
  ["x = 4, y = 9", "(4, 9)", true],
  ["x = 4, y = 9", "(9, 4)", false],
  ["x = 2, x = 5", "5, 2", true],
  ["x = 2, x = 5", "\\{2, 5\\}", true],
  ["x = 2, x = 5", "2, 6", false],
  ["x_1 = 2, x_2 = 3", "2, 3", true],
  ["a = \\frac12, b = 3", "(0.5, 3)", true],
  ["a=5; b=1", "(5, 1)", true],
  ["k = 12", "12", true],
  ["k=12", "13", false],
];

const PLUS_MINUS: Row[] = [
  ["\\pm 7", "\\{-7, 7\\}", true],
  ["\\pm 7", "7, -7", true, FIND_ALL],
  ["\\pm 7", "-7 \\text{ and } 7", true],
  ["\\pm 7", "7", false],
  ["\\pm 7", "\\{-7, 6\\}", false],
  ["x = \\pm 3", "\\{3, -3\\}", true],
  ["±3", "\\{3, -3\\}", true],
  ["1 \\pm \\sqrt{2}", "\\{1+\\sqrt2, 1-\\sqrt2\\}", true],
  ["1 \\pm \\sqrt{2}", "\\{1+\\sqrt3, 1-\\sqrt3\\}", false],
  ["\\frac{-1 \\pm \\sqrt{5}}{2}", "\\{\\frac{-1+\\sqrt5}{2}, \\frac{-1-\\sqrt5}{2}\\}", true],
  ["2 \\pm i", "\\{2+i, 2-i\\}", true],
  ["2 \\mp i", "\\{2+i, 2-i\\}", true],
  ["\\pm\\frac{1}{2}", "\\{0.5, -0.5\\}", true],
  ["\\pm 2, \\pm 3", "\\{2, -2, 3, -3\\}", false],
];

const ALTERNATIVES: Row[] = [
  ["(2,9) or (9,2)", "(9,2), (2,9)", true, "Find all ordered pairs (m, n)."],
  ["(2,9) or (9,2)", "\\{(2,9),(9,2)\\}", true],
  ["(2,9) \\text{ or } (9,2)", "\\{(9,2),(2,9)\\}", true],
  ["(2,9) or (9,2)", "\\{(2,9),(9,3)\\}", false],
  ["(2,9) or (9,2)", "(2,9)", false],
  ["x = 3 \\text{ or } x = -2", "\\{-2, 3\\}", true],
  ["3 or -2", "-2, 3", true, FIND_ALL],
  ["3 or -2", "3", false],
];

const INTERVALS: Row[] = [
  ["(-\\infty, \\tfrac13] \\cup [2, \\infty)", "(-\\infty, \\frac{1}{3}] \\cup [2, \\infty)", true],
  ["(-\\infty, \\tfrac13] \\cup [2, \\infty)", "(-\\infty, \\frac{1}{3}) \\cup [2, \\infty)", false],
  ["(-\\infty, \\frac13] \\cup [2, \\infty)", "[2, \\infty) \\cup (-\\infty, 1/3]", true],
  ["(-\\infty, \\dfrac{1}{3}] \\cup [2, +\\infty)", "(-∞, 0.3333333] ∪ [2, ∞)", true],
  ["[\\frac12, 3)", "[0.5, 3)", true],
  ["[\\frac12, 3)", "(0.5, 3)", false],
  ["[\\tfrac{1}{2}, 3]", "[\\frac12, 3]", true],
  ["(-2, 5]", "(-2,5]", true],
  ["(-2, 5]", "[-2, 5]", false],
  ["(-2, 5]", "(-2, 5)", false],
  ["\\left(-2, 5\\right]", "(-2, 5]", true],
  ["(0, \\pi)", "(0, 3.14159265)", true],
  ["(0, 2\\pi)", "(0, \\pi)", false],
  ["(-\\infty, 0) \\cup (0, \\infty)", "\\mathbb{R} \\setminus \\{0\\}", false],
  ["(1, 2) \\cup (3, 4)", "(3, 4) \\cup (1, 2)", true],
  ["(1, 2) \\cup (3, 4)", "(1, 2) \\cup (3, 5)", false],
  ["[1, 2] \\cup \\{5\\}", "\\{5\\} \\cup [1, 2]", true],
  ["x \\in (-2, 5]", "(-2, 5]", true],
  ["(-\\infty, -\\sqrt{2}]", "(-\\infty, -1.41421356]", true],
  ["[-\\frac{3}{2}, \\infty)", "[-1.5, \\infty)", true],
  ["[-\\frac{3}{2}, \\infty)", "[1.5, \\infty)", false],
];

const INEQUALITIES: Row[] = [
  ["y \\geq -3", "-3 \\leq y", true],
  ["y \\geq -3", "-3 \\geq y", false],
  ["y >= -3", "y \\geq -3", true],
  ["y ≥ -3", "y \\ge -3", true],
  ["y \\geqslant -3", "[-3, \\infty)", true],
  ["y \\ge -3", "[-3, \\infty)", true],
  ["y > -3", "[-3, \\infty)", false],
  ["y > -3", "(-3, \\infty)", true],
  ["x < 5", "(-\\infty, 5)", true],
  ["x \\le 5", "(-\\infty, 5]", true],
  ["x \\le 5", "(-\\infty, 5)", false],
  ["x \\lt 5", "5 > x", true],
  ["5 \\geq x", "x \\leq 5", true],
  ["-1<h(x)<4", "(-1,4)", true],
  ["-1 < h(x) < 4", "[-1,4)", false],
  ["-1 \\le x < 4", "[-1,4)", true],
  ["-1 \\le x \\le 4", "[-1,4]", true],
  ["4 > x > -1", "(-1,4)", true],
  ["4 \\geq x > -1", "(-1,4]", true],
  ["\\frac12 < x < 3", "(0.5, 3)", true],
  ["0 < x < \\pi", "(0, \\pi)", true],
  ["x < -1 \\text{ or } x > 2", "(-\\infty,-1)\\cup(2,\\infty)", true],
  ["x < -1 \\text{ or } x > 2", "(-\\infty,-1]\\cup(2,\\infty)", false],
  ["x \\neq 3", "(-\\infty,3)\\cup(3,\\infty)", true],
  ["x \\ne 3", "x \\neq 3", true],
  ["x \\neq 3", "x \\neq 4", false],
  ["t \\geq 0", "[0, \\infty)", true],
  ["y \\leq -3", "(-\\infty, -3]", true],
  ["y \\leq -3", "y \\leq 3", false],
  ["x > \\frac{1}{3}", "x > 0.3333333", true],
];

const EQUATIONS: Row[] = [
  ["3x-6y+2=0", "y=\\frac12x+\\frac13", true],
  ["3x-6y+2=0", "y=\\frac12x+\\frac14", false],
  ["3x - 6y + 2 = 0", "-3x + 6y - 2 = 0", true],
  ["3x - 6y + 2 = 0", "6x - 12y + 4 = 0", true],
  ["3x - 6y + 2 = 0", "6x - 12y + 2 = 0", false],
  ["y = 2x + 1", "2x - y + 1 = 0", true],
  ["y = 2x + 1", "2x - y - 1 = 0", false],
  ["x^2+y^2=1", "y^2 = 1 - x^2", true],
  ["x^2+y^2=1", "x^2+y^2=2", false],
  ["(x-1)^2 + (y+2)^2 = 9", "x^2 - 2x + y^2 + 4y - 4 = 0", true],
  ["(x-1)^2 + (y+2)^2 = 9", "x^2 - 2x + y^2 + 4y + 4 = 0", false],
  ["2x = 6", "x = 3", true],
  ["x^2 = 4", "x = 2", false],
  ["y = -\\frac{3}{4}x + 2", "3x + 4y = 8", true],
  ["y = -\\frac{3}{4}x + 2", "3x + 4y = 6", false],
  ["z = x + y", "x + y - z = 0", true],
  ["y = x^2", "x^2 - y = 0", true],
  ["y = x^2", "x - y^2 = 0", false],
  ["2x + 3y = 6", "\\frac{x}{3} + \\frac{y}{2} = 1", true],
  ["x + y = 1", "y = 1 - x", true],
  ["y = 3", "y - 3 = 0", true],
  ["y = 2x + 3", "2x + 3", true],
  ["g(t) = 2t", "2t", true],
  ["g(t) = 2t", "3t", false],
  ["f(x) = x^2 + 1", "x^2+1", true],
];

const COLONS: Row[] = [
  ["5:12", "5:12", true],
  ["5:12", "10:24", true, RATIO],
  ["5:12", "10:24", true],
  ["5:12", "\\frac{5}{12}", true, RATIO],
  ["5:12", "5/12", true],
  ["5:12", "12:5", false],
  ["5:12", "5:13", false, RATIO],
  ["1:2:3", "2:4:6", true, RATIO],
  ["1:2:3", "1:2:4", false],
  ["1:2:3", "1:2", false],
  ["5 : 12", "5:12", true],
  ["5\\colon 12", "5:12", true],
  ["3:45", "3:45", true, TIME],
  ["3:45", "3:46", false, TIME],
  ["3:45", "6:90", false, TIME],
  ["3:45", "3.75", false, TIME],
  ["3:45", "4:35", false],
  ["2:1", "2", true, RATIO],
  ["1:3", "0.3333333", true, RATIO],
  ["0.5:1", "1:2", true, RATIO],
];

const MATRICES: Row[] = [
  ["\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}", "\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}", true],
  ["\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}", "\\begin{bmatrix} 1 & 3 \\\\ 2 & 4 \\end{bmatrix}", false],
  ["\\begin{pmatrix} \\frac12 \\\\ -1 \\end{pmatrix}", "\\begin{pmatrix} 0.5 \\\\ -1 \\end{pmatrix}", true],
  ["\\begin{pmatrix} \\frac12 \\\\ -1 \\end{pmatrix}", "\\begin{pmatrix} -1 \\\\ 0.5 \\end{pmatrix}", false],
  ["\\begin{pmatrix} 1 \\\\ 2 \\\\ 3 \\end{pmatrix}", "(1, 2, 3)", true],
  ["\\begin{bmatrix} 1 \\\\ 2 \\\\ 3 \\end{bmatrix}", "\\langle 1, 2, 3 \\rangle", true],
  ["\\begin{pmatrix} 1 \\\\ 2 \\\\ 3 \\end{pmatrix}", "(1, 2)", false],
  ["\\begin{pmatrix} 2 & 0 \\\\ 0 & 2 \\end{pmatrix}", "\\begin{pmatrix} 2 & 0 \\\\ 0 & 2 \\end{pmatrix}", true],
  ["\\begin{pmatrix} 2 & 0 \\\\ 0 & 2 \\end{pmatrix}", "\\begin{pmatrix} 2 & 0 \\\\ 0 & -2 \\end{pmatrix}", false],
  ["\\begin{pmatrix} \\sqrt{2}/2 & -\\sqrt{2}/2 \\\\ \\sqrt{2}/2 & \\sqrt{2}/2 \\end{pmatrix}", "\\begin{pmatrix} \\frac{1}{\\sqrt2} & -\\frac{1}{\\sqrt2} \\\\ \\frac{1}{\\sqrt2} & \\frac{1}{\\sqrt2} \\end{pmatrix}", true],
  ["\\begin{bmatrix} 1 & 2 & 3 \\end{bmatrix}", "(1, 2, 3)", true],
  ["\\begin{pmatrix} x \\\\ 2x \\end{pmatrix}", "\\begin{pmatrix} x \\\\ x+x \\end{pmatrix}", true],
  ["\\begin{pmatrix} -1 \\\\ 4 \\end{pmatrix}", "\\begin{pmatrix} -1 \\\\ 4 \\end{pmatrix}.", true],
  ["\\begin{pmatrix} 1 & 0 \\\\ 0 & 1 \\end{pmatrix}", "\\begin{pmatrix} 1 \\\\ 0 \\\\ 0 \\\\ 1 \\end{pmatrix}", false],
];

const DIGIT_GROUPS: Row[] = [
  ["2 500", "2500", true],
  ["2 500", "2,500", true],
  ["2 500", "250", false],
  ["27{,}384", "27384", true],
  ["27{,}384", "27,384", true],
  ["27{,}384", "27385", false],
  ["27\\,384", "27384", true],
  ["27\\,384", "27{,}384", true],
  ["1 000 000", "10^6", true],
  ["1 000 000", "1000000", true],
  ["1\\,000\\,000", "1000000", true],
  ["1{,}000{,}000", "1000000", true],
  ["12 345.5", "12345.5", true],
  ["2\\ 500", "2500", true],
  ["2\\!500", "2500", true],
  ["3 14", "314", false],
];

const EXTRA_SCALARS: Row[] = [
  ["\\frac{a}{b}", "a/b", true],
  ["\\dfrac{\\sqrt{3}}{3}", "\\frac{1}{\\sqrt3}", true],
  ["2^{10}", "1024", true],
  ["2^{10}", "1023", false],
  ["\\binom{10}{3}", "120", true],
  ["\\log_{3} 81", "4", true],
  ["e^{i\\pi}", "-1", true],
  ["i^2", "-1", true],
  ["\\sqrt{-4}", "2i", true],
  ["3 + 4i", "4i + 3", true],
  ["3 + 4i", "3 - 4i", false],
  ["\\frac{\\pi}{3}", "60^\\circ", false],
  ["\\frac{7}{2}", "3\\frac{1}{2}", true],
  ["0.\\overline{3}", "\\frac13", false],
  ["10\\%", "0.1", true],
  ["\\$1{,}200", "1200", true],
  ["k = 12", "12", true],
  ["n = 2023", "2023", true],
  ["-\\frac{2}{3}", "\\frac{-2}{3}", true],
  ["\\frac{2}{-3}", "-\\frac{2}{3}", true],
];

const TABLE: Row[] = [
  ...SETS, ...ORDER, ...NAMED, ...PLUS_MINUS, ...ALTERNATIVES, ...INTERVALS, ...INEQUALITIES,
  ...EQUATIONS, ...COLONS, ...MATRICES, ...DIGIT_GROUPS, ...EXTRA_SCALARS,
];

describe("competition-math equivalence table", () => {
  it("has at least 300 checks (each row counts both directions)", () => {
    expect(TABLE.length * 2).toBeGreaterThanOrEqual(300);
  });

  it.each(TABLE)("%s vs %s → %s (%s)", (candidate, reference, equal, prompt) => {
    const context = prompt ? { prompt } : undefined;
    expect(compareMathAnswers(candidate, reference, context).equal).toBe(equal);
    expect(compareMathAnswers(reference, candidate, context).equal).toBe(equal);
  });
});
