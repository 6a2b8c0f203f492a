import { z } from "zod";

// Word n-grams for benchmark decontamination (docs/decisions/0023). Text is normalised to
// words: lowercased, every run of punctuation and whitespace folded into one separator (so
// "x+y=3," and "X + Y = 3" are the same four words). A prompt is scanned without building its
// words: each word is hashed as its characters go by (two independent 32-bit hashes), and a
// window of n word hashes is folded into a 64-bit n-gram key by a rolling polynomial. Keys are
// looked up in the benchmark index (ngram-index.ts); a key hit is confirmed on the words
// themselves before it counts, so a hash collision never flags a candidate.

export const ruleSchema = z.object({
  /** Any shared n-gram of this many words is a hit (Phi-4 / GPT-3 style: 13). */
  n: z.number().int().min(3).max(50).default(13),
  /** Prompts shorter than `shortBelow` words are also checked with `shortN`-grams (open-r1: 8). */
  shortN: z.number().int().min(3).max(50).default(8),
  shortBelow: z.number().int().min(0).max(10_000).default(40),
  /**
   * An n-gram found in this many items of one benchmark is that benchmark's boilerplate
   * ("Please reason step by step, and put your final answer within"), not a problem: ignored.
   */
  commonItems: z.number().int().min(2).max(1_000_000).default(3),
});
export type NgramRule = z.infer<typeof ruleSchema>;
export const DEFAULT_RULE: NgramRule = ruleSchema.parse({});

// Per code unit: 0 = separator, else the lowercased code unit. ASCII is a table; other code
// units are classified once (letters, digits and marks are word characters) and cached.
const ASCII = new Uint16Array(128);
for (let c = 48; c <= 57; c++) ASCII[c] = c;
for (let c = 97; c <= 122; c++) ASCII[c] = c;
for (let c = 65; c <= 90; c++) ASCII[c] = c + 32;
const WIDE = new Map<number, number>();
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;

function wide(code: number): number {
  let v = WIDE.get(code);
  if (v === undefined) {
    // Surrogate halves are kept as word characters: astral letters stay inside their word.
    if (code >= 0xd800 && code <= 0xdfff) v = code;
    else {
      const ch = String.fromCharCode(code);
      v = WORD_CHAR.test(ch) ? ch.toLowerCase().charCodeAt(0) : 0;
    }
    WIDE.set(code, v);
  }
  return v;
}

/** The lowercased code unit, or 0 for a separator. */
export const foldChar = (code: number): number => (code < 128 ? ASCII[code] : wide(code));

/** Normalised words of a text (the slow, readable path: benchmark items and confirmations). */
export function normalWords(text: string): string[] {
  const words: string[] = [];
  let cur: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = foldChar(text.charCodeAt(i));
    if (c) cur.push(c);
    else if (cur.length) {
      words.push(String.fromCharCode(...cur));
      cur = [];
    }
  }
  if (cur.length) words.push(String.fromCharCode(...cur));
  return words;
}

/** Word hashes of a text into reusable buffers: FNV-1a and a multiplicative hash per word. */
export class WordHasher {
  h1 = new Int32Array(1024);
  h2 = new Int32Array(1024);
  count = 0;

  /** Hash the words of `text`; returns how many (read h1/h2[0..count)). */
  hash(text: string): number {
    let n = 0;
    let a = 0x811c9dc5 | 0;
    let b = 0;
    let inWord = false;
    const len = text.length;
    for (let i = 0; i < len; i++) {
      const code = text.charCodeAt(i);
      const c = code < 128 ? ASCII[code] : wide(code);
      if (c) {
        a = Math.imul(a ^ c, 0x01000193);
        b = (Math.imul(b, 0x2f0f1b3) + c) | 0;
        inWord = true;
      } else if (inWord) {
        this.push(n++, a, b);
        a = 0x811c9dc5 | 0;
        b = 0;
        inWord = false;
      }
    }
    if (inWord) this.push(n++, a, b);
    this.count = n;
    return n;
  }

  private push(i: number, a: number, b: number): void {
    if (i === this.h1.length) {
      const g1 = new Int32Array(i * 2);
      const g2 = new Int32Array(i * 2);
      g1.set(this.h1);
      g2.set(this.h2);
      this.h1 = g1;
      this.h2 = g2;
    }
    // Finalise (xorshift-multiply) so short words spread over all bits.
    a ^= a >>> 15;
    a = Math.imul(a, 0x2c1b3c6d);
    a ^= a >>> 12;
    b ^= b >>> 16;
    b = Math.imul(b, 0x297a2d39);
    b ^= b >>> 15;
    this.h1[i] = a;
    this.h2[i] = b;
  }
}

const B1 = 0x01000193;
const B2 = 0x5bd1e995;

const powers = new Map<number, [number, number]>();

/** B^(n-1) mod 2^32 for both bases: what leaves the window when it rolls. */
function topPowers(n: number): [number, number] {
  const known = powers.get(n);
  if (known) return known;
  let p1 = 1;
  let p2 = 1;
  for (let i = 1; i < n; i++) {
    p1 = Math.imul(p1, B1);
    p2 = Math.imul(p2, B2);
  }
  powers.set(n, [p1, p2]);
  return [p1, p2];
}

/** Reusable output of ngramKeys: key halves per window start. */
export class NgramKeys {
  k1 = new Int32Array(1024);
  k2 = new Int32Array(1024);
  count = 0;
}

/**
 * The keys of every n-gram of the hashed words into `out` (index = position of the n-gram's
 * first word): a rolling polynomial per half, O(1) per word. Returns how many.
 */
export function ngramKeys(words: WordHasher, n: number, out: NgramKeys): number {
  const count = words.count;
  out.count = 0;
  if (count < n) return 0;
  const total = count - n + 1;
  if (out.k1.length < total) {
    out.k1 = new Int32Array(total * 2);
    out.k2 = new Int32Array(total * 2);
  }
  const { h1, h2 } = words;
  const { k1: o1, k2: o2 } = out;
  const [p1, p2] = topPowers(n);
  let k1 = 0;
  let k2 = 0;
  for (let i = 0; i < n; i++) {
    k1 = (Math.imul(k1, B1) + h1[i]) | 0;
    k2 = (Math.imul(k2, B2) + h2[i]) | 0;
  }
  o1[0] = k1;
  o2[0] = k2;
  for (let i = n; i < count; i++) {
    const gone = i - n;
    k1 = (Math.imul((k1 - Math.imul(h1[gone], p1)) | 0, B1) + h1[i]) | 0;
    k2 = (Math.imul((k2 - Math.imul(h2[gone], p2)) | 0, B2) + h2[i]) | 0;
    o1[gone + 1] = k1;
    o2[gone + 1] = k2;
  }
  out.count = total;
  return total;
}

/** Calls `visit(k1, k2, start)` for every n-gram of the hashed words (tests, index builds). */
export function forEachNgram(words: WordHasher, n: number, visit: (k1: number, k2: number, start: number) => void): void {
  const keys = new NgramKeys();
  const total = ngramKeys(words, n, keys);
  for (let i = 0; i < total; i++) visit(keys.k1[i], keys.k2[i], i);
}
