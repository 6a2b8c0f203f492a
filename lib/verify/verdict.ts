import { z } from "zod";

/**
 * What every verifier returns. `extracted` is the answer pulled from the response (null when
 * none was found); `reason` is one short human-readable line that a reviewer can trust
 * without re-reading the response ("extracted 42 ≠ reference 24").
 */
export const verdictSchema = z.object({
  correct: z.boolean(),
  extracted: z.string().nullable(),
  reason: z.string(),
  /** The check ran out of its time budget or met a pathological answer: not decided (counts as not correct). */
  undecided: z.boolean().optional(),
});
export type Verdict = z.infer<typeof verdictSchema>;

export function verdict(correct: boolean, extracted: string | null, reason: string): Verdict {
  return { correct, extracted, reason };
}

const REASON_SNIPPET_CHARS = 60;

/** Keeps reasons one line and short even when an answer is a paragraph. */
export function snippet(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length <= REASON_SNIPPET_CHARS ? oneLine : `${oneLine.slice(0, REASON_SNIPPET_CHARS - 1)}…`;
}
