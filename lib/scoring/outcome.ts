import type { ChoiceDetail } from "@/lib/models/completion";

// How one answered choice counts before any verifier reads it (issue 15) — the one rule for
// the live driver and batch import alike:
// - a refusal (message.refusal) and a content-filter stop are their own error kinds: the model
//   did not attempt the problem, so they are left out of k like any failed call;
// - a choice cut off at the token limit (finish_reason "length") is wrong, "truncated at N
//   tokens" — a number in half-written reasoning must not pass — or, when the run says so,
//   left out of k as "truncated" (unverified);
// - otherwise the verifier reads the final answer only (the thinking was split off), and an
//   answer that exists only inside an unfinished thinking block is no answer.

export const TRUNCATED_AS = ["wrong", "unverified"] as const;
export type TruncatedAs = (typeof TRUNCATED_AS)[number];

export type ChoiceOutcome =
  | { kind: "error"; errorKind: "refusal" | "content_filter" | "truncated"; error: string }
  | { kind: "wrong"; reason: string }
  | { kind: "verify" };

export const truncatedReason = (maxTokens: number) => `truncated at ${maxTokens} tokens`;

export function choiceOutcome(c: ChoiceDetail, run: { maxTokens: number; truncatedAs: TruncatedAs }): ChoiceOutcome {
  if (c.refusal !== null) return { kind: "error", errorKind: "refusal", error: `refused: ${c.refusal}`.slice(0, 500) };
  if (c.finishReason === "content_filter") return { kind: "error", errorKind: "content_filter", error: "stopped by the provider's content filter" };
  if (c.finishReason === "length") {
    const reason = truncatedReason(run.maxTokens);
    return run.truncatedAs === "unverified" ? { kind: "error", errorKind: "truncated", error: reason } : { kind: "wrong", reason };
  }
  if (c.unfinishedReasoning && c.text.trim() === "") return { kind: "wrong", reason: "no answer: the reasoning never finished" };
  return { kind: "verify" };
}
