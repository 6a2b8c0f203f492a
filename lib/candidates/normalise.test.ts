import { describe, expect, it } from "vitest";
import { normalisePrompt, promptHash } from "./normalise";

describe("normalisePrompt", () => {
  it("folds whitespace runs, tabs and newlines, and trims", () => {
    expect(normalisePrompt("  What is\t2 +\n\n 2?  ")).toBe("What is 2 + 2?");
  });
  it("applies NFKC (full-width digits, ligatures, non-breaking spaces)", () => {
    expect(normalisePrompt("ｘ＝１２\u00a0ﬁ")).toBe("x=12 fi");
  });
  it("keeps case", () => {
    expect(normalisePrompt("Find X")).not.toBe(normalisePrompt("find x"));
  });
  it("hashes equal prompts equally and different ones differently", () => {
    expect(promptHash("a  b").equals(promptHash(" a b "))).toBe(true);
    expect(promptHash("a b").equals(promptHash("a c"))).toBe(false);
    expect(promptHash("x")).toHaveLength(32);
  });
});
