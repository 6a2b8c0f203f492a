import { describe, expect, it } from "vitest";
import { difficultyOf, type DifficultyBasis, type ModelScore } from "./difficulty";
import { wilson } from "./stats";

// The basis rule (difficulty.ts); its SQL twin is pinned to it in difficulty.db.test.ts.

const strong: ModelScore = { endpointId: 10, position: 0, passes: 7, k: 8 };
const weak: ModelScore = { endpointId: 20, position: 1, passes: 2, k: 8 };
const weaker: ModelScore = { endpointId: 30, position: 2, passes: 2, k: 8 };
const primary: DifficultyBasis = { basis: "primary", endpointId: null };
const min: DifficultyBasis = { basis: "min", endpointId: null };
const mean: DifficultyBasis = { basis: "mean", endpointId: null };
const endpoint = (endpointId: number): DifficultyBasis => ({ basis: "endpoint", endpointId });

describe("difficultyOf", () => {
  it("primary: the run's first target, in whatever order the rows come", () => {
    expect(difficultyOf([weak, strong], primary)).toMatchObject({ passes: 7, k: 8, passRate: 7 / 8, endpointId: 10 });
  });
  it("endpoint: that model; the primary where the run did not sample it", () => {
    expect(difficultyOf([strong, weak], endpoint(20))).toMatchObject({ passes: 2, k: 8, endpointId: 20 });
    expect(difficultyOf([strong, weak], endpoint(99))).toMatchObject({ passes: 7, k: 8, endpointId: 10 });
  });
  it("min: the lowest pass rate, the earlier model on a tie, compared as rates (not counts)", () => {
    expect(difficultyOf([strong, weaker, weak], min)).toMatchObject({ passes: 2, endpointId: 20 });
    expect(difficultyOf([{ ...strong, passes: 3, k: 4 }, { ...weak, passes: 5, k: 8 }], min)).toMatchObject({ passes: 5, k: 8, endpointId: 20 });
    expect(difficultyOf([{ ...strong, passes: 0, k: 0 }, weak], min)).toMatchObject({ passes: 2, endpointId: 20 });
  });
  it("mean: every model's correct samples over every verified sample", () => {
    const d = difficultyOf([strong, weak], mean)!;
    expect(d).toMatchObject({ passes: 9, k: 16, passRate: 9 / 16, endpointId: null });
    expect(d.ciLow).toBeCloseTo(wilson(9, 16).low, 12);
    expect(difficultyOf([strong], mean)).toMatchObject({ passes: 7, k: 8, endpointId: 10 });
  });
  it("one model: every basis gives its own pass rate (single-target runs are unchanged)", () => {
    for (const b of [primary, min, mean, endpoint(10), endpoint(20)]) {
      expect(difficultyOf([strong], b)).toEqual({ passes: 7, k: 8, passRate: 7 / 8, ciLow: wilson(7, 8).low, ciHigh: wilson(7, 8).high, endpointId: 10 });
    }
  });
  it("no model results (an unverifiable candidate): no difficulty", () => {
    expect(difficultyOf([], min)).toBeNull();
  });
});
