import { judgeMessages, parseJudgeReply, type ChatMessage, type JudgeInput } from "@/lib/models/prompts";
import { snippet, verdict, type Verdict } from "./verdict";

// The LLM judge, as pure functions: build the request, read the reply. The caller does the
// HTTP (lib/models gateway), so this stays testable without a server. The judge gives two
// signals at once: whether the response matches the reference (a verdict) and how much
// reasoning the problem needs (score 1–10, the candidate's judge_score). In math, mcq, exact
// and code domains its verdict is only shown to reviewers (ADR 0005). In a domain of answer
// kind `none` (free-form, proofs) nothing else can check an answer, so the judge is the
// verifier: it grades every target sample (parseGradeVerdict), issue 12.

export interface JudgeRequest {
  messages: ChatMessage[];
  /** Deterministic grading: one answer, no sampling noise. */
  temperature: number;
  maxTokens: number;
}

export function buildJudgeRequest(input: JudgeInput, maxTokens = 256): JudgeRequest {
  return { messages: judgeMessages(input), temperature: 0, maxTokens };
}

export interface JudgeVerdict extends Verdict {
  /** Reasoning needed, 1–10; null when the reply could not be read. */
  score: number | null;
}

/** A reply that is not the JSON the system prompt asks for is a wrong verdict with a reason, never a throw. */
export function parseJudgeVerdict(reply: string): JudgeVerdict {
  const parsed = parseJudgeReply(reply);
  if (!parsed) return { ...verdict(false, null, `judge reply is not a verdict: ${snippet(reply)}`), score: null };
  const reason = parsed.reason.trim() || (parsed.correct ? "judge: matches the reference" : "judge: does not match");
  return { ...verdict(parsed.correct, String(parsed.score), snippet(reason)), score: Math.round(parsed.score * 10) / 10 };
}

export type Grade = "correct" | "incorrect" | "unsure";

export interface GradeVerdict extends Verdict {
  grade: Grade;
}

/**
 * The judge's grade of one sample, for answer kind `none`: correct / incorrect / unsure with
 * the judge's reason. A reply that is not a verdict is "unsure" (never a throw): the sample is
 * then left out of the pass rate rather than counted wrong.
 */
export function parseGradeVerdict(reply: string): GradeVerdict {
  const parsed = parseJudgeReply(reply);
  if (!parsed) return { ...verdict(false, null, `judge reply is not a verdict: ${snippet(reply)}`), grade: "unsure" };
  const grade: Grade = parsed.verdict ?? (parsed.correct ? "correct" : "incorrect");
  const said = parsed.reason.trim();
  return { ...verdict(grade === "correct", grade, said ? `judge graded ${grade}: ${snippet(said)}` : `judge graded ${grade}`), grade };
}
