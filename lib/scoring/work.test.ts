import { describe, expect, it } from "vitest";
import { emptyState } from "./plan";
import { absorb, splitTokens, type WorkItem } from "./work";

describe("the response the judge sees", () => {
  it("is the lowest-indexed answered target response, in whatever order samples arrive", () => {
    // Live, the judge used to see the first answered sample of the claim that finished the
    // targets, batch export the lowest-indexed stored one: after a resume they could differ.
    const item: WorkItem = { candidateId: 1, prompt: "p", answer: "4", metadata: null, state: emptyState(true), judgeResponse: null };
    const row = (index: number, response: string | null, errorKind: string | null = null) =>
      ({ role: "target" as const, index, response, extracted: null, correct: errorKind ? null : true, score: null, errorKind });
    absorb(item, row(3, "three"));
    absorb(item, row(0, null, "timeout"));
    absorb(item, row(2, "two"));
    absorb(item, row(5, "five"));
    expect(item.judgeResponse).toEqual({ index: 2, text: "two" });
    expect([...item.state.targets[0].stored].sort()).toEqual([0, 2, 3, 5]);
    expect([...item.state.targets[0].answered].sort()).toEqual([2, 3, 5]);
  });
});

describe("splitTokens", () => {
  it("splits a prompt evenly across an n-sample request's samples, summing to the bill", () => {
    expect(splitTokens(10, [1, 1, 1, 1])).toEqual([3, 3, 2, 2]);
    expect(splitTokens(3, [1, 1, 1, 1, 1])).toEqual([1, 1, 1, 0, 0]);
    expect(splitTokens(0, [1, 1])).toEqual([0, 0]);
  });
  it("splits completions in proportion to each sample's weight", () => {
    expect(splitTokens(40, [30, 10])).toEqual([30, 10]);
    expect(splitTokens(7, [1, 2, 4])).toEqual([1, 2, 4]);
    expect(splitTokens(8, [0, 0])).toEqual([4, 4]);
    const shares = splitTokens(1001, [3, 5, 7, 11]);
    expect(shares.reduce((a, b) => a + b, 0)).toBe(1001);
  });
});
