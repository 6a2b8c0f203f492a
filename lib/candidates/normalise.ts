import crypto from "node:crypto";

/**
 * The exact-duplicate key of a prompt: Unicode NFKC, whitespace runs folded to one space,
 * trimmed. Case is kept on purpose ("Find X" and "find x" can differ in math and code).
 */
export function normalisePrompt(prompt: string): string {
  // Fast paths (an import hashes every line): ASCII is already NFKC, and most prompts have
  // no whitespace to fold. Both checks are single scans, far cheaper than the work they skip.
  const ascii = !NON_ASCII.test(prompt);
  const nfkc = ascii ? prompt : prompt.normalize("NFKC");
  return foldable(nfkc, ascii) ? nfkc.replace(/\s+/g, " ").trim() : nfkc;
}

const NON_ASCII = /[^\x00-\x7f]/;
/** Whitespace other than a plain space: ASCII's few, and the rest of what `\s` matches. */
const ODD_SPACE_ASCII = /[\t\n\v\f\r]/;
const ODD_SPACE = /[\t\n\v\f\r\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/;
const SPACE = /\s/;

/**
 * Anything to fold: odd whitespace, a run of spaces, or whitespace at either end. Written as
 * plain character classes and indexOf: the alternation `[^\S ]| {2}|^\s|\s$` was the most
 * expensive step of an import's parse (bench:import profile).
 */
function foldable(s: string, ascii: boolean): boolean {
  if ((ascii ? ODD_SPACE_ASCII : ODD_SPACE).test(s) || s.includes("  ")) return true;
  return s.length > 0 && (SPACE.test(s[0]) || SPACE.test(s[s.length - 1]));
}

/** sha256 of the normalised prompt: what the (domain, prompt_hash) unique index compares. */
export function promptHash(prompt: string): Buffer {
  // One-shot crypto.hash skips the Hash object createHash builds per call.
  return crypto.hash("sha256", normalisePrompt(prompt), "buffer");
}
