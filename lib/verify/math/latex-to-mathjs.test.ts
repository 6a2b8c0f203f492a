import { describe, expect, it } from "vitest";
import { latexToMathjs, UnsupportedLatex } from "./latex-to-mathjs";

describe("latexToMathjs", () => {
  it.each([
    ["\\frac{\\sqrt{3}}{2}", "((sqrt(3))/(2))"],
    ["\\frac12", "((1)/(2))"],
    ["2\\sqrt3", "2*sqrt(3)"],
    ["\\sqrt[3]{8}", "nthRoot(8, 3)"],
    ["x^2+2x+1", "x^(2)+2*x+1"],
    ["xy", "x*y"],
    ["2pi r", "2*pi*r"],
    ["sqrt(2)/2", "sqrt(2)/2"],
    ["\\sin^2 x + \\cos^2 x", "(sin(x))^(2)+(cos(x))^(2)"],
    ["\\sin 2x + 1", "sin(2*x)+1"],
    ["\\log_2 8", "log(8, 2)"],
    ["\\ln(x)", "log(x)"],
    ["x_1 + x_{2}", "x_1+x_2"],
    ["\\binom{5}{2}", "binomial(5, 2)"],
    ["3!", "3!"],
    ["|x-1|", "abs(x-1)"],
    ["\\lfloor 2.5 \\rfloor", "floor(2.5)"],
    ["\\theta^2", "greek_theta^(2)"],
    ["2^{10}", "2^(10)"],
    ["n^10", "n^(10)"],
    ["e^{i\\pi}", "e^(i*pi)"],
    ["(a+b)(a-b)", "(a+b)*(a-b)"],
    ["3 \\cdot 4 \\div 2", "3*4/2"],
    ["-\\infty", "-Infinity"],
  ])("%s → %s", (latex, code) => {
    expect(latexToMathjs(latex)).toBe(code);
  });

  it.each(["1,2", "a=b", "x < 3", "\\operatorname{lcm}(2,3)", "\\evil{x}", "2+", "^2", "\\frac{1}", "x".repeat(500)])(
    "refuses %s",
    (latex) => {
      expect(() => latexToMathjs(latex)).toThrow(UnsupportedLatex);
    },
  );
});
