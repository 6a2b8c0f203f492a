import { describe, expect, it } from "vitest";
import { verifyMath } from ".";
import { CHECK_BUDGET_MS, withBudget } from "./budget";
import { compareMathAnswers } from "./compare";

// Pathological answers are reported as undecided (or decided quickly), never hang a run.
// Each case must return well within a second even on a busy machine.

function timed<T>(fn: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = fn();
  return { value, ms: performance.now() - start };
}

const SLACK_MS = CHECK_BUDGET_MS * 3;

describe("time budget per check", () => {
  it("refuses 10k-deep nesting up front", () => {
    const deep = `${"(".repeat(10_000)}1${")".repeat(10_000)}`;
    const { value, ms } = timed(() => compareMathAnswers(deep, "1"));
    expect(value).toMatchObject({ equal: false, undecided: true });
    expect(value.detail).toMatch(/^undecided: /);
    expect(ms).toBeLessThan(SLACK_MS);
  });

  it("refuses brackets nested deeper than the limit even in a short answer", () => {
    const deep = `${"\\sqrt{".repeat(100)}2${"}".repeat(100)}`;
    expect(compareMathAnswers(deep, "1")).toMatchObject({ undecided: true, detail: "undecided: brackets nested deeper than 60" });
  });

  it("refuses a giant matrix", () => {
    const row = Array(300).fill("1").join(" & ");
    const matrix = `\\begin{pmatrix}${Array(300).fill(row).join(" \\\\ ")}\\end{pmatrix}`;
    const { value, ms } = timed(() => compareMathAnswers(matrix, matrix.replace("1", "2")));
    expect(value.undecided).toBe(true);
    expect(ms).toBeLessThan(SLACK_MS);
  });

  it("decides huge exponents, factorials and binomials quickly (mathjs's own combinations() took 40 s)", () => {
    for (const [answer, reference] of [
      ["2^{2^{2^{2^{100}}}}", "5"],
      ["10^{100000}", "1"],
      ["100000!", "5"],
      ["\\binom{1000000000}{500000000}", "5"],
      ["\\binom{10^{15}}{10^{14}}", "5"],
    ]) {
      const { value, ms } = timed(() => compareMathAnswers(answer, reference));
      expect(value.equal).toBe(false);
      expect(ms).toBeLessThan(SLACK_MS);
    }
    expect(compareMathAnswers("\\binom{10}{3}", "120").equal).toBe(true);
  });

  it("stops a quadratic set comparison at the budget and says so", () => {
    const items = (n: number, f: (i: number) => string) => `\\{${Array.from({ length: n }, (_, i) => f(i)).join(", ")}\\}`;
    const a = items(250, (i) => `\\sqrt{${i}}x`);
    const b = items(250, (i) => `\\sqrt{${249 - i}}\\cdot x`);
    // A 20 ms budget (nested budgets share the outer deadline), so the case is over budget on any machine.
    const { value, ms } = timed(() => withBudget(() => compareMathAnswers(a, b), 20));
    expect(value).toMatchObject({ equal: false, undecided: true, detail: "undecided: time budget exceeded" });
    expect(ms).toBeLessThan(SLACK_MS);
  });

  it("decides a big set written the same way without pairwise work", () => {
    const a = `\\{${Array.from({ length: 1000 }, (_, i) => i).join(",")}\\}`;
    const b = `\\{${Array.from({ length: 1000 }, (_, i) => 999 - i).join(",")}\\}`;
    expect(compareMathAnswers(a, b).equal).toBe(true);
  });

  it("marks the verdict undecided and keeps the extraction in the reason", () => {
    const verdict = verifyMath(`The answer is ${"(".repeat(200)}1${")".repeat(200)}`, "1");
    expect(verdict).toMatchObject({ correct: false, undecided: true });
    expect(verdict.reason).toMatch(/^undecided: .*\(answer-phrase\)/);
  });

  it("extracts from a megabyte response in well under a second", () => {
    const response = `${"Let me think. ".repeat(50_000)}${"$5 and $".repeat(20_000)}${"We have $x$ and $y$. ".repeat(20_000)}`;
    const { ms } = timed(() => verifyMath(response, "1"));
    expect(ms).toBeLessThan(1_000);
  });
});
