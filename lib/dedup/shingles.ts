// Word 5-gram shingles of a prompt, as sorted distinct 32-bit hashes (issue 13).
//
// Normalisation decides what counts as "the same words": NFKC, lower case, and tokens that are
// runs of letters/digits or single arithmetic signs. Whitespace and punctuation vanish (added
// spaces, commas or a trailing "!!" do not change a prompt's shingles); numbers and operators
// stay words, so "What is 3 + 4?" and "What is 5 + 9?" share no 5-gram (they are different
// problems; see the README for how the threshold treats longer templates).

export const SHINGLE_WORDS = 5;

const TOKEN = /[\p{L}\p{N}\p{M}]+|[+\-*/=<>^]/gu;
// ASCII text (most prompts) is already NFKC, and its letters and digits are [a-z0-9] once
// lower-cased: a plain character class is several times faster than Unicode properties.
const TOKEN_ASCII = /[a-z0-9]+|[+\-*/=<>^]/g;
const NON_ASCII = /[^\x00-\x7f]/;

/** The normalised word sequence of a prompt. */
export function normalisedWords(prompt: string): string[] {
  if (!NON_ASCII.test(prompt)) return prompt.toLowerCase().match(TOKEN_ASCII) ?? [];
  return prompt.normalize("NFKC").toLowerCase().match(TOKEN) ?? [];
}

/** FNV-1a over UTF-16 code units, then a murmur3 finaliser. */
function wordHash(w: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w.charCodeAt(i), 0x01000193);
  return fmix32(h);
}

/**
 * The word hashes of an ASCII prompt in one scan, without building strings: the same tokens
 * (and hashes) as normalisedWords + wordHash, pinned by shingles.test.ts.
 */
function asciiWordHashes(p: string): number[] {
  const out: number[] = [];
  let h = 0x811c9dc5;
  let inWord = false;
  for (let i = 0; i < p.length; i++) {
    let c = p.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32; // A–Z → a–z
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
      h = Math.imul(h ^ c, 0x01000193);
      inWord = true;
      continue;
    }
    if (inWord) {
      out.push(fmix32(h));
      h = 0x811c9dc5;
      inWord = false;
    }
    // + - * / = < > ^ are words of their own.
    if (c === 43 || c === 45 || c === 42 || c === 47 || c === 61 || c === 60 || c === 62 || c === 94) out.push(fmix32(Math.imul(0x811c9dc5 ^ c, 0x01000193)));
  }
  if (inWord) out.push(fmix32(h));
  return out;
}

export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Sorted distinct hashes of the prompt's word 5-grams. A prompt of fewer than five words is
 * one shingle (all its words); an empty one has none.
 */
export function shingleSet(prompt: string): Uint32Array {
  const wh = NON_ASCII.test(prompt) ? normalisedWords(prompt).map(wordHash) : asciiWordHashes(prompt);
  if (wh.length === 0) return new Uint32Array(0);
  const n = Math.max(1, wh.length - SHINGLE_WORDS + 1);
  const span = Math.min(SHINGLE_WORDS, wh.length);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let h = 0x9747b28c ^ span;
    for (let j = 0; j < span; j++) {
      h = Math.imul(h ^ wh[i + j], 0x5bd1e995);
      h ^= h >>> 15;
    }
    out[i] = fmix32(h);
  }
  out.sort();
  let k = 0;
  for (let i = 0; i < n; i++) if (i === 0 || out[i] !== out[k - 1]) out[k++] = out[i];
  return out.subarray(0, k);
}

/** Exact Jaccard similarity of two sorted distinct hash sets (1 for two empty sets). */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 && b.length === 0) return 1;
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      common++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return common / (a.length + b.length - common);
}
