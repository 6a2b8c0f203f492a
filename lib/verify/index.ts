import { z } from "zod";
import { verifyCode, type CodeRunOptions } from "./code";
import { verifyExact } from "./exact";
import { extractMathAnswer, mathVerdict, referenceAnswer, verifyMath } from "./math";
import { verifyMcq, type McqOptions } from "./mcq";
import { verdict, type Verdict } from "./verdict";

export { snippet, verdict, verdictSchema, type Verdict } from "./verdict";
// The parts the scoring driver uses on its own (answer extraction, normalisation, the judge).
export { verifyCode } from "./code";
export { normaliseExactAnswer, verifyExact } from "./exact";
export { compareMathAnswers, extractMathAnswer, verifyMath } from "./math";
export { extractAnswerPhrase, extractLastBoxed, markedAnswer } from "./math/extract";
export { extractMcqChoice, verifyMcq } from "./mcq";
export { buildJudgeRequest, parseGradeVerdict, parseJudgeVerdict, type JudgeRequest } from "./judge";

// One entry point for every verifier, so the scoring driver, batch import and the CLI pick a
// verifier from the domain's answer kind the same way.

export const verifiableKinds = ["math", "mcq", "exact", "code"] as const;
export type VerifiableKind = (typeof verifiableKinds)[number];

export interface VerifyOptions {
  /** code: MBPP-style assert lines (see codeTestsOf). */
  tests?: string[];
  /** mcq: option texts, so an answer quoting an option's text counts as its letter. */
  choices?: McqOptions;
  code?: CodeRunOptions;
  /** math: the problem, which decides whether a list answer is read as a set ("find all …") or in order, and a:b as a ratio or a time. */
  prompt?: string | null;
}

export async function verifyAnswer(kind: VerifiableKind, response: string, gold: string, opts: VerifyOptions = {}): Promise<Verdict> {
  switch (kind) {
    case "math":
      return verifyMath(response, gold, { prompt: opts.prompt });
    case "mcq":
      return verifyMcq(response, gold, opts.choices);
    case "exact":
      return verifyExact(response, gold);
    case "code":
      return verifyCode(response, opts.tests ?? [], opts.code);
  }
}

/**
 * A verifier bound to one reference, for the k answers to one prompt: the same verdicts as
 * verifyAnswer (index.test.ts holds them equal), but each distinct response is checked once
 * and, in math, each distinct extracted answer compared once — k answers mostly agree, and
 * normalising and comparing is the expensive part of a check.
 */
export function answerVerifier(kind: VerifiableKind, gold: string, opts: VerifyOptions = {}): (response: string) => Promise<Verdict> {
  const byResponse = new Map<string, Promise<Verdict>>();
  const memo = (response: string, check: () => Promise<Verdict>) => {
    let v = byResponse.get(response);
    if (!v) byResponse.set(response, (v = check()));
    return v;
  };
  if (kind !== "math") return (response) => memo(response, () => verifyAnswer(kind, response, gold, opts));
  const reference = referenceAnswer(gold);
  const byAnswer = new Map<string, Verdict>();
  const context = { prompt: opts.prompt };
  return (response) =>
    memo(response, async () => {
      const extracted = extractMathAnswer(response);
      if (!extracted) return verdict(false, null, "no final answer found");
      // The rule is part of the reason, so it is part of the key.
      const key = `${extracted.source}\u0000${extracted.text}`;
      let v = byAnswer.get(key);
      if (!v) byAnswer.set(key, (v = mathVerdict(extracted, reference, context)));
      return v;
    });
}

const codeMetadata = z.object({ tests: z.array(z.string()).min(1), test_setup_code: z.string().optional() }).passthrough();

/**
 * The tests an MBPP import keeps in metadata (lib/candidates/formats.ts). Setup code runs
 * as the first "test": the runner executes lines in order after the solution, so whatever it
 * defines is there for the asserts. Null when the candidate has no tests.
 */
export function codeTestsOf(metadata: unknown): string[] | null {
  const m = codeMetadata.safeParse(metadata);
  if (!m.success) return null;
  return m.data.test_setup_code?.trim() ? [m.data.test_setup_code, ...m.data.tests] : m.data.tests;
}

/** MCQ option texts an MMLU import keeps in metadata.choices. */
export function choicesOf(metadata: unknown): string[] | undefined {
  const m = z.object({ choices: z.array(z.string()) }).passthrough().safeParse(metadata);
  return m.success ? m.data.choices : undefined;
}
