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

describe("normalisePrompt fast paths", () => {
  // The fast paths skip work only when it would change nothing: compare with the plain rule.
  const naive = (s: string) => s.normalize("NFKC").replace(/\s+/g, " ").trim();
  const pieces = ["a", "Z", "1", " ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u2003", "\u3000", "\ufeff", "ﬁ", "é", "x²", "\u2028"];
  it("agrees with NFKC + fold + trim on 5,000 random strings", () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 5000; i++) {
      const s = Array.from({ length: 1 + Math.floor(next() * 8) }, () => pieces[Math.floor(next() * pieces.length)]).join("");
      expect(normalisePrompt(s)).toBe(naive(s));
    }
  });
});
