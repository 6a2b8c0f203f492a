import { extractAnswerPhrase, extractLastBoxed } from "./math/extract";
import { snippet, verdict, type Verdict } from "./verdict";

// Short free-text answers ("Paris", "mitochondria"): equal after Unicode NFKC, lower-casing,
// folding whitespace and trimming surrounding quotes and punctuation. Inner punctuation
// stays — "U.S." and "US" differ on purpose; that is what the judge verifier is for.

const EDGE_NOISE = /^[\s"'`“”‘’«»„*.,;:!?]+|[\s"'`“”‘’«»„*.,;:!?]+$/gu;

export function normaliseExactAnswer(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/gu, " ").replace(EDGE_NOISE, "");
}

/**
 * The whole response must match — unless it marks a final answer (`\boxed{…}`, "the answer
 * is …"), in which case that marked answer is what is compared.
 */
export function verifyExact(response: string, gold: string): Verdict {
  const reference = normaliseExactAnswer(gold);
  const marked = extractLastBoxed(response) ?? extractAnswerPhrase(response);
  const candidate = marked ?? response.trim();
  const equal = normaliseExactAnswer(candidate) === reference;
  if (equal) return verdict(true, candidate, "matches after normalisation");
  if (candidate === "") return verdict(false, null, "empty response");
  return verdict(false, candidate, `"${snippet(candidate)}" ≠ "${snippet(gold.trim())}"`);
}
