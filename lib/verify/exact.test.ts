import { describe, expect, it } from "vitest";
import { normaliseExactAnswer, verifyExact } from "./exact";

describe("normaliseExactAnswer", () => {
  it.each([
    ["  Paris ", "paris"],
    ['"Paris."', "paris"],
    ["“Paris”", "paris"],
    ["PARIS!", "paris"],
    ["New   York\nCity", "new york city"],
    ["ｆｕｌｌｗｉｄｔｈ", "fullwidth"], // NFKC
    ["ﬁne", "fine"], // ligature
    ["U.S.", "u.s"],
    ["**bold**", "bold"],
    ["-5", "-5"],
    ["(a)", "(a)"],
  ])("%s → %s", (text, expected) => {
    expect(normaliseExactAnswer(text)).toBe(expected);
  });
});

describe("verifyExact", () => {
  it("matches a bare response", () => {
    expect(verifyExact(" 'paris' ", "Paris")).toEqual({ correct: true, extracted: "'paris'", reason: "matches after normalisation" });
  });

  it("compares a marked final answer when there is one", () => {
    expect(verifyExact("France's capital... The answer is Paris.", "Paris").correct).toBe(true);
    expect(verifyExact("Thinking... $\\boxed{Paris}$", "paris").correct).toBe(true);
  });

  it("is not fooled by a substring", () => {
    expect(verifyExact("Paris, Texas", "Paris")).toEqual({
      correct: false,
      extracted: "Paris, Texas",
      reason: '"Paris, Texas" ≠ "Paris"',
    });
  });

  it("keeps inner punctuation", () => {
    expect(verifyExact("US", "U.S.").correct).toBe(false);
  });

  it("reports an empty response", () => {
    expect(verifyExact("   ", "x")).toEqual({ correct: false, extracted: null, reason: "empty response" });
  });
});
