import { describe, expect, it } from "vitest";
import { isTerminating, numbersClose, parseNumericLiteral, RELATIVE_TOLERANCE } from "./numeric";

const value = (text: string) => {
  const literal = parseNumericLiteral(text);
  if (literal?.kind !== "rational") return literal;
  return { num: literal.value.num.toString(), den: literal.value.den.toString(), form: literal.form };
};

describe("parseNumericLiteral", () => {
  it.each([
    ["7,425,000", { num: "7425000", den: "1", form: "integer" }],
    ["-3", { num: "-3", den: "1", form: "integer" }],
    [".5", { num: "5", den: "10", form: "decimal" }],
    ["1.2e3", { num: "12000", den: "10", form: "scientific" }],
    ["1.2 \\times 10^{-3}", { num: "12", den: "10000", form: "scientific" }],
    ["-3/4", { num: "-3", den: "4", form: "fraction" }],
    ["\\frac{-1}{2}", { num: "-1", den: "2", form: "fraction" }],
    ["-\\frac12", { num: "-1", den: "2", form: "fraction" }],
    ["2 1/2", { num: "5", den: "2", form: "mixed number" }],
    ["-2\\frac{1}{2}", { num: "-5", den: "2", form: "mixed number" }],
  ])("%s", (text, expected) => {
    expect(value(text)).toEqual(expected);
  });

  it("reads infinity", () => {
    expect(parseNumericLiteral("-\\infty")).toEqual({ kind: "infinity", sign: -1 });
    expect(parseNumericLiteral("\\infty")).toEqual({ kind: "infinity", sign: 1 });
  });

  it.each(["1,2", "1/0", "x", "1e999", "\\sqrt{2}", "1,23"])("leaves %s to the slower paths", (text) => {
    expect(parseNumericLiteral(text)).toBeNull();
  });
});

describe("numbersClose", () => {
  it("uses a relative tolerance of 1e-6", () => {
    expect(RELATIVE_TOLERANCE).toBe(1e-6);
    expect(numbersClose(1_000_000, 1_000_000.5)).toBe(true);
    expect(numbersClose(1, 1.00001)).toBe(false);
    expect(numbersClose(1e-16, 0)).toBe(true);
    expect(numbersClose(Infinity, Infinity)).toBe(true);
    expect(numbersClose(Infinity, 1e308)).toBe(false);
  });
});

describe("isTerminating", () => {
  it("knows which fractions have finite decimals", () => {
    expect(isTerminating({ num: 3n, den: 8n })).toBe(true);
    expect(isTerminating({ num: 2n, den: 6n })).toBe(false);
    expect(isTerminating({ num: 3n, den: 6n })).toBe(true);
  });
});
