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

describe("normalisePrompt fast paths agree with the full rule", () => {
  const full = (s: string) => s.normalize("NFKC").replace(/\s+/gu, " ").trim();
  const cases = ["plain ascii prompt", "two  spaces", " lead", "trail ", "tab\there", "new\nline", "ｆｕｌｌ", "a\u00a0b", "a\u2003b", "x", "", "é  e\u0301"];
  for (const c of cases) it(JSON.stringify(c), () => expect(normalisePrompt(c)).toBe(full(c)));
});
