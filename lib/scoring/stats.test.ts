import { describe, expect, it } from "vitest";
import { bandOf, passRateOf, projectCount, teachableHint, wilson } from "./stats";

describe("wilson", () => {
  // Reference values from the closed form (e.g. statsmodels proportion_confint(method="wilson")).
  it.each([
    [0, 8, 0, 0.3244],
    [1, 8, 0.0224, 0.4709],
    [4, 8, 0.2152, 0.7848],
    [7, 8, 0.5291, 0.9776],
    [8, 8, 0.6756, 1],
    [5, 10, 0.2366, 0.7634],
    [50, 100, 0.4038, 0.5962],
    [1, 1, 0.2065, 1],
    [0, 1, 0, 0.7935],
  ])("%i/%i → [%f, %f]", (passes, n, low, high) => {
    const ci = wilson(passes, n);
    expect(ci.low).toBeCloseTo(low, 4);
    expect(ci.high).toBeCloseTo(high, 4);
  });

  it("is exactly 0 / 1 at the edges and symmetric", () => {
    for (const n of [1, 2, 8, 16, 100]) {
      expect(wilson(0, n).low).toBe(0);
      expect(wilson(n, n).high).toBe(1);
      for (let p = 0; p <= n; p++) {
        const a = wilson(p, n);
        const b = wilson(n - p, n);
        expect(a.low).toBeCloseTo(1 - b.high, 12);
        expect(a.low).toBeLessThanOrEqual(p / n);
        expect(a.high).toBeGreaterThanOrEqual(p / n);
      }
    }
  });

  it("narrows with more samples and widens with z", () => {
    const w = (ci: { low: number; high: number }) => ci.high - ci.low;
    expect(w(wilson(40, 80))).toBeLessThan(w(wilson(4, 8)));
    expect(w(wilson(4, 8, 2.576))).toBeGreaterThan(w(wilson(4, 8)));
  });

  it("is the whole range with no samples, and refuses impossible counts", () => {
    expect(wilson(0, 0)).toEqual({ low: 0, high: 1 });
    expect(() => wilson(9, 8)).toThrow(RangeError);
    expect(() => wilson(-1, 8)).toThrow(RangeError);
    expect(() => wilson(1.5, 8)).toThrow(RangeError);
  });
});

describe("bandOf", () => {
  it("at k = 8 and 0.1 / 0.9: 0 too hard, 1..7 teachable, 8 too easy", () => {
    expect(bandOf(0, 0.1, 0.9)).toBe("too_hard");
    for (let c = 1; c <= 7; c++) expect(bandOf(c / 8, 0.1, 0.9)).toBe("teachable");
    expect(bandOf(1, 0.1, 0.9)).toBe("too_easy");
  });

  it("is exclusive on both ends", () => {
    expect(bandOf(0.1, 0.1, 0.9)).toBe("too_hard");
    expect(bandOf(0.9, 0.1, 0.9)).toBe("too_easy");
    expect(bandOf(0.25, 0.25, 0.75)).toBe("too_hard");
    expect(bandOf(0.75, 0.25, 0.75)).toBe("too_easy");
    expect(bandOf(0.5, 0.25, 0.75)).toBe("teachable");
  });

  it("follows a moved band", () => {
    expect(bandOf(2 / 8, 0.3, 0.9)).toBe("too_hard");
    expect(bandOf(6 / 8, 0.1, 0.7)).toBe("too_easy");
    expect(bandOf(1 / 8, 0, 1)).toBe("teachable");
    expect(bandOf(0, 0, 1)).toBe("too_hard");
  });

  it("no verifiable sample is unverifiable", () => {
    expect(bandOf(null, 0.1, 0.9)).toBe("unverifiable");
    expect(bandOf(passRateOf(0, 0), 0.1, 0.9)).toBe("unverifiable");
    expect(bandOf(Number.NaN, 0.1, 0.9)).toBe("unverifiable");
  });

  it("errors are excluded from k: 3 of 6 verified is 0.5", () => {
    expect(passRateOf(3, 6)).toBe(0.5);
    expect(passRateOf(0, 0)).toBeNull();
  });
});

describe("teachableHint", () => {
  it("says which counts of correct answers the band keeps at this k", () => {
    expect(teachableHint(8, 0.1, 0.9)).toBe("At k=8, 0.1–0.9 keeps 1..7 of 8 correct.");
    expect(teachableHint(8, 0.25, 0.75)).toBe("At k=8, 0.25–0.75 keeps 3..5 of 8 correct.");
    expect(teachableHint(4, 0.4, 0.6)).toBe("At k=4, 0.4–0.6 keeps 2 of 4 correct.");
    expect(teachableHint(10, 0.1, 0.9)).toBe("At k=10, 0.1–0.9 keeps 2..8 of 10 correct."); // exclusive ends
  });
  it("warns when no count fits, and stays quiet mid-edit", () => {
    expect(teachableHint(1, 0.1, 0.9)).toBe("At k=1 no number of correct answers falls inside 0.1–0.9: raise k.");
    expect(teachableHint(8, Number.NaN, 0.9)).toBe("");
  });
});

describe("projectCount (finite pool)", () => {
  it("has no range once the whole pool is scored", () => {
    expect(projectCount(40, 100, 100)).toEqual({ estimate: 40, low: 40, high: 40 });
  });

  it("narrows as the sample covers more of the pool, and is ~Wilson × N for a small sample", () => {
    const small = projectCount(45, 100, 1_000_000);
    const w = wilson(45, 100);
    expect(small.low).toBeCloseTo(w.low * 1_000_000, -3);
    expect(small.high).toBeCloseTo(w.high * 1_000_000, -3);
    const half = projectCount(45, 100, 200);
    const plain = { low: Math.round(w.low * 200), high: Math.round(w.high * 200) };
    expect(half.high - half.low).toBeLessThan((plain.high - plain.low) * 0.75);
    expect(half.estimate).toBe(90);
  });

  it("never leaves what is known: at least the hits counted, at most hits plus the unscored rest", () => {
    // 9 of 10 scored are teachable, 2 candidates left: plain Wilson × 12 would say 7..12.
    const p = projectCount(9, 10, 12);
    expect(p.low).toBeGreaterThanOrEqual(9);
    expect(p.high).toBeLessThanOrEqual(11);
    expect(projectCount(0, 10, 12).low).toBe(0);
    expect(projectCount(0, 0, 50)).toEqual({ estimate: 0, low: 0, high: 50 });
  });
});
