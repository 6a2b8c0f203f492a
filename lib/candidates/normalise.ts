import crypto from "node:crypto";

/**
 * The exact-duplicate key of a prompt: Unicode NFKC, whitespace runs folded to one space,
 * trimmed. Case is kept on purpose ("Find X" and "find x" can differ in math and code).
 */
export function normalisePrompt(prompt: string): string {
  return prompt.normalize("NFKC").replace(/\s+/gu, " ").trim();
}

/** sha256 of the normalised prompt: what the (domain, prompt_hash) unique index compares. */
export function promptHash(prompt: string): Buffer {
  return crypto.createHash("sha256").update(normalisePrompt(prompt)).digest();
}
