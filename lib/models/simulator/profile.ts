import crypto from "node:crypto";

// The simulator's notion of difficulty. Every prompt gets an accuracy p from a hash of its
// normalised text, so a pool spans the three bands in known proportions (about 30% always
// right, 45% teachable, 25% never right) and the same prompt is equally hard on every run.

export const BAND_SHARES = { tooEasy: 0.3, teachable: 0.45, tooHard: 0.25 } as const;

/** A uniform number in [0, 1) from a hash of the parts. */
export function hashUnit(...parts: string[]): number {
  const h = crypto.createHash("sha256").update(parts.join("\u0001")).digest();
  return h.readUIntBE(0, 6) / 2 ** 48;
}

/** Teacher-class models ("sim-strong", "...-teacher") are right far more often. */
export const isStrongModel = (model: string) => /strong|teacher/i.test(model);

/** Probability that one sampled answer to this prompt is correct, for this model. */
export function accuracyOf(promptKey: string, model: string): number {
  const u = hashUnit("band", promptKey);
  let p: number;
  if (u < BAND_SHARES.tooEasy) p = 1;
  else if (u < BAND_SHARES.tooEasy + BAND_SHARES.teachable) p = 0.15 + 0.7 * hashUnit("p", promptKey);
  else p = 0;
  // A strong model fails a quarter as often: its plurality answer is a usable proxy reference.
  return isStrongModel(model) ? 1 - (1 - p) * 0.25 : p;
}

/** mulberry32: small, fast, good enough for simulated sampling; seeded from a string. */
export function seededRandom(seed: string): () => number {
  let a = crypto.createHash("sha256").update(seed).digest().readUInt32BE(0);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Rough OpenAI-style token count: ~4 characters per token. */
export const approxTokens = (text: string) => Math.max(1, Math.ceil(text.length / 4));
