import { judgeMessages, parseJudgeReply, type ChatMessage, type JudgeInput } from "@/lib/models/prompts";
import { snippet, verdict, type Verdict } from "./verdict";

// The LLM judge, as pure functions: build the request, read the reply. The caller does the
// HTTP (lib/models gateway), so this stays testable without a server. The judge gives two
// signals at once: whether the response matches the reference (a verdict, stored on the
// judge's sample for reviewers; it never counts toward a pass rate, ADR 0005) and how much
// reasoning the problem needs (score 1–10, the candidate's judge_score).

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
