import crypto from "node:crypto";

/**
 * The exact-duplicate key of a prompt: Unicode NFKC, whitespace runs folded to one space,
 * trimmed. Case is kept on purpose ("Find X" and "find x" can differ in math and code).
 */
export function normalisePrompt(prompt: string): string {
  // Fast paths (an import hashes every line): ASCII is already NFKC, and most prompts have
  // no whitespace to fold. Both checks are single scans, far cheaper than the work they skip.
  const nfkc = NON_ASCII.test(prompt) ? prompt.normalize("NFKC") : prompt;
  return FOLDABLE.test(nfkc) ? nfkc.replace(/\s+/g, " ").trim() : nfkc;
}

const NON_ASCII = /[^\x00-\x7f]/;
/** Whitespace other than single spaces, runs of spaces, or leading/trailing whitespace. */
const FOLDABLE = /[^\S ]| {2}|^\s|\s$/;

/** sha256 of the normalised prompt: what the (domain, prompt_hash) unique index compares. */
export function promptHash(prompt: string): Buffer {
  return crypto.createHash("sha256").update(normalisePrompt(prompt)).digest();
}
