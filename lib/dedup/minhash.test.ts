import { describe, expect, it } from "vitest";
import { clustersOf, representativeOf } from "./clusters";
import { bucketPairs, candidatePairs, PairSet } from "./lsh";
import { BANDS, bandHashes, estimatedJaccard, lshProbability, signature } from "./minhash";
import { jaccard, normalisedWords, shingleSet } from "./shingles";

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Two random sets of n hashes with c in common: Jaccard c / (2n − c). */
function pairAt(n: number, c: number, next: () => number): [Uint32Array, Uint32Array] {
  const common = Array.from({ length: c }, next);
  const a = Uint32Array.from([...common, ...Array.from({ length: n - c }, next)]).sort();
  const b = Uint32Array.from([...common, ...Array.from({ length: n - c }, next)]).sort();
  return [a, b];
}

describe("normalisation and shingles", () => {
  it("ignores case, whitespace and punctuation but keeps numbers and operators", () => {
    expect(normalisedWords("  What IS 3 + 4 ?!\n\n")).toEqual(["what", "is", "3", "+", "4"]);
    const base = "Find the largest prime factor of 91, then add seven to it. Show your work.";
    expect(jaccard(shingleSet(base), shingleSet(`  find  the largest prime factor of 91 then add seven to it!!! show your work `))).toBe(1);
    expect(jaccard(shingleSet("What is 3 + 4?"), shingleSet("What is 5 + 9?"))).toBe(0);
    expect(jaccard(shingleSet("What is 3 + 4?"), shingleSet("What is 3 - 4?"))).toBe(0);
  });

  it("hashes ASCII prompts on the fast path exactly as the Unicode path does", () => {
    const ascii = "Let x = 3^2 + 4*5 - 6/2; is X > 10 or < 20? Answer: YES, it's 32.";
    // A non-ASCII character elsewhere sends the same words down the Unicode path.
    const unicode = `${ascii} é`;
    const a = shingleSet(ascii);
    const b = shingleSet(unicode);
    expect(a.length).toBeGreaterThan(10);
    expect(jaccard(a, b)).toBeCloseTo((a.length - 0) / (a.length + 1), 6); // b has one extra shingle
  });

  it("makes a prompt of fewer than five words one shingle, and an empty one none", () => {
    expect(shingleSet("Add 2 and 3")).toHaveLength(1);
    expect(shingleSet(" ?! ")).toHaveLength(0);
  });

  it("computes exact Jaccard", () => {
    expect(jaccard(Uint32Array.of(1, 2, 3), Uint32Array.of(2, 3, 4))).toBe(0.5);
    expect(jaccard(new Uint32Array(0), new Uint32Array(0))).toBe(1);
  });
});

describe("MinHash + LSH", () => {
  it("estimates Jaccard and proposes pairs as the S-curve says", () => {
    const next = rng(11);
    const T = 400;
    for (const [n, j] of [[40, 0.5], [80, 0.8], [80, 0.85], [300, 0.9]] as const) {
      const c = Math.round((2 * n * j) / (1 + j));
      const real = c / (2 * n - c);
      let est = 0;
      let hits = 0;
      for (let t = 0; t < T; t++) {
        const [a, b] = pairAt(n, c, next);
        const sa = signature(a).slice();
        const sb = signature(b).slice();
        est += estimatedJaccard(sa, sb);
        const ba = bandHashes(sa);
        const bb = bandHashes(sb);
        if (ba.some((x, i) => x === bb[i])) hits++;
      }
      expect(est / T).toBeCloseTo(real, 1);
      // Binomial noise at T = 400: within 0.06 of the curve.
      expect(Math.abs(hits / T - lshProbability(real))).toBeLessThan(0.06);
    }
    expect(lshProbability(0.85)).toBeGreaterThan(0.99);
    expect(lshProbability(0.5)).toBeLessThan(0.05);
  });

  it("proposes the pairs that share a band, against existing rows too", () => {
    const bands = new Uint32Array(3 * BANDS);
    bands.fill(7, 0, BANDS); // candidate 10
    bands.fill(7, BANDS, 2 * BANDS); // candidate 11: same bands
    for (let i = 0; i < BANDS; i++) bands[2 * BANDS + i] = 100 + i; // candidate 12: none shared
    const table = { ids: Int32Array.of(10, 11, 12), bands, n: 3 };
    const existing = { band: Uint8Array.of(3, 4), hash: Uint32Array.of(103, 999), id: Int32Array.of(5, 6), m: 2 };
    const pairs = candidatePairs(table, existing) as PairSet;
    expect([...pairs.entries()].sort((x, y) => x[0] - y[0])).toEqual([[5, 12], [10, 11]]);
  });

  it("pairs a big bucket linearly, not quadratically", () => {
    const pairs = new PairSet();
    bucketPairs(Array.from({ length: 1000 }, (_, i) => i + 1), pairs);
    expect(pairs.size).toBeLessThan(2000);
    expect(clustersOf([...pairs.entries()].map(([a, b]) => ({ a, b, similarity: 1 })))).toHaveLength(1);
  });
});

describe("clusters", () => {
  it("unions pairs transitively and picks the first imported member with an answer", () => {
    const groups = clustersOf([
      { a: 3, b: 7, similarity: 0.9 },
      { a: 7, b: 9, similarity: 0.85 },
      { a: 20, b: 21, similarity: 0.95 },
    ]);
    expect(groups).toEqual([[3, 7, 9], [20, 21]]);
    expect(representativeOf([3, 7, 9], (id) => id === 7 || id === 9)).toBe(7);
    expect(representativeOf([20, 21], () => false)).toBe(20);
  });
});
