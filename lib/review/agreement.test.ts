import { describe, expect, it } from "vitest";
import { cohenKappa, domainAgreement, enoughOverlap, fleissKappa, MIN_OVERLAP, pairAgreements, type Rating } from "./agreement";

/** A 2×2 table (rows: rater A yes/no; columns: rater B yes/no) as item pairs. */
function table(yy: number, yn: number, ny: number, nn: number): [string, string][] {
  const rep = (n: number, p: [string, string]) => Array.from({ length: n }, () => p);
  return [...rep(yy, ["yes", "yes"]), ...rep(yn, ["yes", "no"]), ...rep(ny, ["no", "yes"]), ...rep(nn, ["no", "no"])];
}

/** Fleiss counts table (items × categories) as label lists. */
const fromCounts = (rows: number[][]) => rows.map((r) => r.flatMap((n, k) => Array.from({ length: n }, () => `c${k}`)));

describe("Cohen's kappa", () => {
  it("Wikipedia's worked example: 20/5/10/15 of 50 → p_o 0.7, p_e 0.5, κ 0.4", () => {
    expect(cohenKappa(table(20, 5, 10, 15))).toBeCloseTo(0.4, 12);
  });
  it("Wikipedia's same-agreement pair: 45/15/25/15 → 0.1304, 25/35/5/35 → 0.2593", () => {
    expect(cohenKappa(table(45, 15, 25, 15))).toBeCloseTo(0.130435, 5);
    expect(cohenKappa(table(25, 35, 5, 35))).toBeCloseTo(0.259259, 5);
  });
  it("perfect agreement with both labels is 1; systematic disagreement is -1", () => {
    expect(cohenKappa(table(5, 0, 0, 5))).toBe(1);
    expect(cohenKappa(table(0, 5, 5, 0))).toBe(-1);
  });
  it("agreement exactly at chance is 0", () => {
    expect(cohenKappa(table(25, 25, 25, 25))).toBe(0);
  });
  it("undefined (null) without items or when every label is the same", () => {
    expect(cohenKappa([])).toBeNull();
    expect(cohenKappa(table(8, 0, 0, 0))).toBeNull();
  });
  it("labels only one rater used still count toward chance", () => {
    // A says yes to all 4, B says yes twice and no twice: p_o 0.5, p_e 1·0.5 = 0.5 → 0.
    expect(cohenKappa(table(2, 2, 0, 0))).toBe(0);
  });
});

describe("Fleiss' kappa", () => {
  // Fleiss (1971) as worked on Wikipedia: 10 subjects, 14 raters, 5 categories → P̄ 0.378, P̄_e 0.213, κ 0.210.
  const wikipedia = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
  ];
  it("Wikipedia's worked example: κ ≈ 0.210", () => {
    const f = fleissKappa(fromCounts(wikipedia));
    expect(f.items).toBe(10);
    // By hand: P̄ = 0.37802, P̄_e = 0.21331 → κ = (0.37802 − 0.21331) / (1 − 0.21331) = 0.20993.
    expect(f.kappa).toBeCloseTo(0.20993, 4);
  });
  it("two raters on two labels equals Scott's π (hand-computed)", () => {
    // 20/5/10/15: pooled yes = (A's 25 + B's 30) / 100 = 0.55, no 0.45 → P̄_e = 0.505; P̄ = p_o = 0.7 → κ = 0.195/0.495.
    expect(fleissKappa(table(20, 5, 10, 15)).kappa).toBeCloseTo(0.195 / 0.495, 12);
  });
  it("items with a single rating are left out; none left is null", () => {
    expect(fleissKappa([["a"], ["b"]])).toEqual({ kappa: null, items: 0 });
    expect(fleissKappa([["a"], ["a", "a", "b"], ["b", "b", "b"]]).items).toBe(2);
  });
  it("perfect agreement over two labels is 1; all one label is null", () => {
    expect(fleissKappa([["a", "a", "a"], ["b", "b", "b"]]).kappa).toBe(1);
    expect(fleissKappa([["a", "a"], ["a", "a"]]).kappa).toBeNull();
  });
  it("varying raters per item: hand-computed", () => {
    // Item 1: a,a,b → P = 2/6; item 2: a,b → 0; item 3: b,b → 1. P̄ = (1/3 + 0 + 1)/3 = 4/9.
    // p_a = 3/7, p_b = 4/7 → P̄_e = 25/49. κ = (4/9 − 25/49) / (24/49) = (196 − 225)/441 / (24/49) = −29/216.
    expect(fleissKappa([["a", "a", "b"], ["a", "b"], ["b", "b"]]).kappa).toBeCloseTo(-29 / 216, 12);
  });
});

describe("overlap and the per-pair / per-domain figures", () => {
  it(`enough means at least ${MIN_OVERLAP} shared items`, () => {
    expect(enoughOverlap(MIN_OVERLAP - 1)).toBe(false);
    expect(enoughOverlap(MIN_OVERLAP)).toBe(true);
  });
  const ratings: Rating[] = [];
  // Items 1–12: x and y (x says yes throughout, y no on 3 of them); items 13–14: x, y and z.
  for (let i = 1; i <= 12; i++) ratings.push({ candidateId: i, reviewer: "x", label: "accept" }, { candidateId: i, reviewer: "y", label: i <= 3 ? "reject" : "accept" });
  for (let i = 13; i <= 14; i++) for (const r of ["z", "x", "y"]) ratings.push({ candidateId: i, reviewer: r, label: i === 13 ? "reject" : "accept" });
  it("pairs: Cohen's κ over each pair's shared items, with counts and enough", () => {
    const pairs = pairAgreements(ratings);
    expect(pairs.map((p) => [p.a, p.b, p.items, p.enough])).toEqual([
      ["x", "y", 14, true],
      ["x", "z", 2, false],
      ["y", "z", 2, false],
    ]);
    const xy = pairs[0];
    // x: accept ×13, reject ×1; y: accept ×10, reject ×4; agree on 11 → p_o 11/14; p_e = (13·10 + 1·4)/196 = 134/196.
    expect(xy.kappa).toBeCloseTo((11 / 14 - 134 / 196) / (1 - 134 / 196), 12);
    expect(pairs[1].kappa).toBe(1);
  });
  it("domain κ: Cohen's over first/second decisions at two per item, else Fleiss'", () => {
    const two = domainAgreement(ratings, 2);
    expect(two).toMatchObject({ kind: "cohen", items: 14, enough: true });
    // First two ratings: items 1–12 (x, y); items 13–14 (z, x) agree.
    const pairs: [string, string][] = [...Array(12)].map((_, i) => ["accept", i < 3 ? "reject" : "accept"] as [string, string]).concat([["reject", "reject"], ["accept", "accept"]]);
    expect(two.kappa).toBeCloseTo(cohenKappa(pairs)!, 12);
    const three = domainAgreement(ratings, 3);
    expect(three).toMatchObject({ kind: "fleiss", items: 14, enough: true });
    expect(three.kappa).toBeCloseTo(fleissKappa([...Array(12)].map((_, i) => ["accept", i < 3 ? "reject" : "accept"]).concat([["reject", "reject", "reject"], ["accept", "accept", "accept"]])).kappa!, 12);
  });
});
