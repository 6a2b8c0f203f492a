import { fmix32 } from "./shingles";

// MinHash signatures and their LSH bands (issue 13, ADR 0022).
//
// A signature has BANDS × ROWS values; two prompts agree on each with probability equal to
// their Jaccard similarity J. A band (ROWS consecutive values, hashed to 32 bits) is equal for
// both with probability J^ROWS, and at least one of BANDS bands with 1 − (1 − J^ROWS)^BANDS:
// the LSH "S-curve". Every pair LSH proposes is then confirmed by its exact Jaccard, so a false
// positive costs one comparison and the bands are tuned for recall at the default threshold 0.8:
//   20 × 10: P(0.5) = 0.02, P(0.7) = 0.45, P(0.8) = 0.89, P(0.85) = 0.99, P(0.9) = 1.00.
// (20 × 13, datatrove's default, gives P(0.8) = 0.66 and P(0.85) = 0.93.)
//
// The values come from one-permutation hashing per band (Li, Owen & Zhang 2012) instead of
// 180 separate permutations: for each band, every shingle is hashed once (a band-specific seed)
// into one of its ROWS bins, keeping the minimum per bin; a bin left empty (a prompt of fewer
// shingles than ROWS) borrows its right neighbour's value. Agreement per value is J (checked
// against the S-curve in minhash.test.ts) at O(shingles × BANDS) per prompt instead of
// O(shingles × BANDS × ROWS). One OPH over all 180 bins would be cheaper still, but a short
// prompt leaves most bins empty and the densified copies correlate: it missed 1.2 % of pairs
// at J = 0.845 where the curve says 0.7 %.

export const NEARDUP_PARAMS = {
  shingle: "word 5-grams of NFKC lower-cased letter/digit/operator tokens",
  minhash: "one-permutation hashing per band (ROWS bins each), empty bins densified",
  bands: 20,
  rows: 9,
  hashBits: 32,
  seed: 0x5eed_d00d,
  /** Pairs are confirmed by the exact Jaccard of the shingle sets, not the signature estimate. */
  confirm: "exact-jaccard",
} as const;

export const BANDS = NEARDUP_PARAMS.bands;
export const ROWS = NEARDUP_PARAMS.rows;
const K = BANDS * ROWS;
const BAND_SEEDS = Int32Array.from({ length: BANDS }, (_, b) => fmix32(NEARDUP_PARAMS.seed + Math.imul(b + 1, 0x9e3779b9)) | 0);

/**
 * The signature of a shingle set (BANDS × ROWS values; all 0 for an empty set). Values are the
 * bins' minima as signed 32-bit integers: unsigned values above 2^31 would leave V8's small
 * integers for doubles, and the minimum of a permutation's signed values is as good a MinHash.
 */
export function signature(shingles: Uint32Array, out: Int32Array = new Int32Array(K)): Int32Array {
  if (shingles.length === 0) return out.fill(0);
  out.fill(0x7fffffff);
  for (let band = 0; band < BANDS; band++) {
    const seed = BAND_SEEDS[band];
    const base = band * ROWS;
    // murmur3's finaliser of (shingle ^ band seed), kept in int32 (no doubles); the top 16
    // bits pick the bin, the whole value is compared. (One multiply-xorshift was 2.5× cheaper
    // but its bands were correlated: 1.25 % misses at J = 0.854 where the curve says 0.4 %.)
    for (let s = 0; s < shingles.length; s++) {
      let v = shingles[s] ^ seed;
      v ^= v >>> 16;
      v = Math.imul(v, 0x85ebca6b);
      v ^= v >>> 13;
      v = Math.imul(v, 0xc2b2ae35);
      v ^= v >>> 16;
      const bin = base + (((v >>> 16) * ROWS) >>> 16);
      if (v < out[bin]) out[bin] = v;
    }
    if (shingles.length < 2 * ROWS) densify(out, base, shingles.length);
  }
  return out;
}

/** Empty bins (still at the sentinel) take the next filled bin's value, cyclically in the band. */
function densify(out: Int32Array, base: number, shingles: number): void {
  const emptyMark = 0x7fffffff;
  for (let r = 0; r < ROWS; r++) {
    if (out[base + r] !== emptyMark) continue;
    for (let k = 1; k < ROWS; k++) {
      const v = out[base + ((r + k) % ROWS)];
      if (v !== emptyMark || k === ROWS - 1) {
        out[base + r] = v === emptyMark ? shingles : v;
        break;
      }
    }
  }
}

/** The BANDS band hashes of a signature, written at `out[offset …]`. */
export function bandHashes(sig: Int32Array, out: Uint32Array = new Uint32Array(BANDS), offset = 0): Uint32Array {
  for (let band = 0; band < BANDS; band++) {
    let h = 0x3c6ef372 ^ band;
    for (let r = 0; r < ROWS; r++) {
      h = Math.imul(h ^ sig[band * ROWS + r], 0x5bd1e995);
      h ^= h >>> 15;
    }
    out[offset + band] = fmix32(h);
  }
  return out;
}

/** Probability that LSH proposes a pair of Jaccard similarity j. */
export function lshProbability(j: number, bands: number = BANDS, rows: number = ROWS): number {
  return 1 - (1 - j ** rows) ** bands;
}

/** Signature agreement: the MinHash estimate of Jaccard similarity. */
export function estimatedJaccard(x: Int32Array, y: Int32Array): number {
  let same = 0;
  for (let i = 0; i < x.length; i++) if (x[i] === y[i]) same++;
  return same / x.length;
}
