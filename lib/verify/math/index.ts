import { snippet, verdict, type Verdict } from "../verdict";
import { compareMathAnswers, type CompareContext } from "./compare";
import { extractMathAnswer, referenceAnswer, type ExtractedAnswer } from "./extract";

export { compareMathAnswers, type CompareContext } from "./compare";
export { EXTRACTION_RULES, extractMathAnswer, referenceAnswer, type ExtractedAnswer } from "./extract";
export { RELATIVE_TOLERANCE } from "./numeric";

/** Pulls the final answer out of a model response and checks it against the reference. */
export function verifyMath(response: string, gold: string, context?: CompareContext): Verdict {
  const extracted = extractMathAnswer(response);
  if (!extracted) return verdict(false, null, "no final answer found");
  return mathVerdict(extracted, referenceAnswer(gold), context);
}

/**
 * The verdict on one extracted answer. Its reason says what was extracted, by which rule
 * (extract.ts EXTRACTION_RULES), and why it was judged so: "extracted {2, 5} (boxed-set) =
 * reference 5, 2: equal as sets (read as sets: the problem asks for all of them)".
 */
export function mathVerdict(extracted: ExtractedAnswer, reference: string, context?: CompareContext): Verdict {
  const { equal, detail, undecided } = compareMathAnswers(extracted.text, reference, context);
  const shown = `extracted ${snippet(extracted.text)} (${extracted.source})`;
  if (undecided) return { ...verdict(false, extracted.text, `${detail}; ${shown}, reference ${snippet(reference)}`), undecided: true };
  if (equal) return verdict(true, extracted.text, `${shown} = reference ${snippet(reference)}: ${detail ?? "equal"}`);
  const mismatch = `${shown} ≠ reference ${snippet(reference)}`;
  return verdict(false, extracted.text, detail ? `${mismatch}: ${detail}` : mismatch);
}
