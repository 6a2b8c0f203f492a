import { snippet, verdict, type Verdict } from "../verdict";
import { compareMathAnswers } from "./compare";
import { extractMathAnswer, referenceAnswer } from "./extract";

export { compareMathAnswers } from "./compare";
export { extractMathAnswer, referenceAnswer, type ExtractedAnswer } from "./extract";
export { RELATIVE_TOLERANCE } from "./numeric";

/** Pulls the final answer out of a model response and checks it against the reference. */
export function verifyMath(response: string, gold: string): Verdict {
  const extracted = extractMathAnswer(response);
  if (!extracted) return verdict(false, null, "no final answer found");
  const reference = referenceAnswer(gold);
  const { equal, detail } = compareMathAnswers(extracted.text, reference);
  if (equal) return verdict(true, extracted.text, detail ?? "equal");
  const mismatch = `extracted ${snippet(extracted.text)} ≠ reference ${snippet(reference)}`;
  return verdict(false, extracted.text, detail ? `${mismatch} (${detail})` : mismatch);
}
