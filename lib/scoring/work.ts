import os from "node:os";
import type { Pool, PoolClient } from "pg";
import { eligibleSql } from "@/lib/candidates/eligible";
import type { ChoiceDetail } from "@/lib/models/completion";
import { answerVerifier, choicesOf, codeTestsOf, type Verdict } from "@/lib/verify";
import {
  buildJudgeRequest,
  extractAnswerPhrase,
  extractLastBoxed,
  extractMathAnswer,
  extractMcqChoice,
  normaliseExactAnswer,
  parseGradeVerdict,
  parseJudgeVerdict,
  snippet,
  type JudgeRequest,
} from "@/lib/verify";
import { chat, type ChatResult } from "@/lib/models/gateway";
import { ModelCallError } from "@/lib/models/errors";
import type { RunContext } from "./context";
import { absorbSample, emptyState, type MutableCandidateState, type PlanReference, type StoredSample } from "./plan";
import type { SampleRole, SampleRow } from "./record";
import { choiceOutcome, type TruncatedAs } from "./outcome";
import { hasOwnReference } from "./reference";

// Per-candidate pieces shared by the live driver and batch import: a candidate's stored state
// (what plan.ts decides from), its reference, and how model answers become sample rows with
// verdicts.

export interface WorkItem {
  candidateId: number;
  prompt: string;
  answer: string | null;
  metadata: unknown;
  /** What is stored for it in this run (errors included: they are not retried), plus answers absorbed since. */
  state: MutableCandidateState;
  /** The lowest-indexed answered target response: the one the judge sees, live or batch. */
  judgeResponse: { index: number; text: string } | null;
}

/** `eligibleOnly`: leave out candidates flagged since the run was created (the live claim; settle fails them). */
export async function loadWorkItems(ctx: RunContext, db: Pool | PoolClient, candidateIds: number[], opts: { eligibleOnly?: boolean } = {}): Promise<WorkItem[]> {
  if (candidateIds.length === 0) return [];
  const runId = ctx.run.id;
  const [{ rows: cands }, { rows: stored }] = await Promise.all([
    db.query<{ id: number; prompt: string; answer: string | null; metadata: unknown }>(
      `select c.id, c.prompt, c.answer, c.metadata from candidate c where c.id = any($1::int[])${opts.eligibleOnly ? ` and ${eligibleSql("c")}` : ""}`,
      [candidateIds],
    ),
    db.query<StoredSample & { candidateId: number; response: string | null }>(
      `select candidate_id as "candidateId", role::text as role, target_position as "targetPosition", "index", extracted, correct,
              score, error_kind as "errorKind", case when role = 'target' and error_kind is null then response end as response
         from sample where run_id = $1 and candidate_id = any($2::int[]) order by "index"`,
      [runId, candidateIds],
    ),
  ]);
  const items = new Map<number, WorkItem>();
  for (const c of cands) {
    items.set(c.id, {
      candidateId: c.id, prompt: c.prompt, answer: c.answer, metadata: c.metadata,
      state: emptyState(hasOwnReference(ctx.kind, c.answer, c.metadata)), judgeResponse: null,
    });
  }
  for (const s of stored) {
    const item = items.get(s.candidateId);
    if (item) absorb(item, s);
  }
  return candidateIds.map((id) => items.get(id)).filter((x): x is WorkItem => x !== undefined);
}

/** Add a stored (or just answered) sample to the item's state. The judge sees the primary target's answers. */
export function absorb(item: WorkItem, s: StoredSample & { response: string | null }): void {
  absorbSample(item.state, s);
  if (s.role === "target" && (s.targetPosition ?? 0) === 0 && s.errorKind === null && s.response !== null && s.index < (item.judgeResponse?.index ?? Infinity)) {
    item.judgeResponse = { index: s.index, text: s.response };
  }
}

/** Target and teacher see the prompt as stored, as the only user message. */
export const answerMessages = (prompt: string) => [{ role: "user" as const, content: prompt }];

export interface Reference {
  /** The answer to verify against (own or proxy); null when there is none (yet). */
  gold: string | null;
  tests: string[] | null;
  own: boolean;
}

/** Teacher answers are not verified: they vote on the reference. */
export const NO_REFERENCE: Reference = { gold: null, tests: null, own: false };

/** The reference a plan step verifies against: the candidate's own, or the teacher's proxy. */
export function referenceFor(ctx: RunContext, item: WorkItem, ref: PlanReference): Reference {
  if (!ref.own) return { gold: ref.proxy, tests: null, own: false };
  if (ctx.kind === "code") return { gold: "", tests: codeTestsOf(item.metadata), own: true };
  return { gold: item.answer, tests: null, own: true };
}

/** The answer a teacher response commits to, for the plurality vote. */
export function extractAnswer(ctx: RunContext, item: WorkItem, text: string): string | null {
  switch (ctx.kind) {
    case "math":
      return extractMathAnswer(text)?.text ?? null;
    case "mcq":
      return extractMcqChoice(text, choicesOf(item.metadata))?.letter ?? null;
    case "exact": {
      const marked = extractLastBoxed(text) ?? extractAnswerPhrase(text) ?? text.trim();
      return normaliseExactAnswer(marked) === "" ? null : marked;
    }
    default:
      return null;
  }
}

// Code verification spawns python: bound how many run at once so a chunk of code candidates
// does not fork hundreds of interpreters on a small machine.
const CODE_SLOTS = Math.max(2, os.cpus().length * 2);
let codeRunning = 0;
const codeWaiting: (() => void)[] = [];
async function withCodeSlot<T>(fn: () => Promise<T>): Promise<T> {
  if (codeRunning >= CODE_SLOTS) await new Promise<void>((r) => codeWaiting.push(r));
  codeRunning++;
  try {
    return await fn();
  } finally {
    codeRunning--;
    codeWaiting.shift()?.();
  }
}

/** A verifier for one candidate's answers against its reference (own or proxy). */
function verifierFor(ctx: RunContext, item: WorkItem, ref: Reference): (text: string) => Promise<Verdict> {
  const kind = ctx.kind === "none" ? "exact" : ctx.kind;
  if (kind === "code") {
    const check = answerVerifier("code", "", { tests: ref.tests ?? [] });
    return (text) => withCodeSlot(() => check(text));
  }
  return answerVerifier(kind, ref.gold ?? "", { choices: kind === "mcq" ? choicesOf(item.metadata) : undefined, prompt: item.prompt });
}

/** PostgreSQL text cannot hold NUL; a model can emit one. */
export const storable = (text: string) => (text.includes("\u0000") ? text.replace(/\u0000/g, "") : text);

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  /** Of completionTokens, spent on reasoning (usage.completion_tokens_details.reasoning_tokens). */
  reasoningTokens?: number;
  latencyMs: number;
}

/**
 * Split a billed total over samples in proportion to their weights, largest remainder first,
 * so the shares are whole and sum to exactly the total (no sample charged for another's).
 */
export function splitTokens(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, w) => a + w, 0);
  if (weights.length === 0) return [];
  const exact = weights.map((w) => (sum > 0 ? (total * w) / sum : total / weights.length));
  const shares = exact.map(Math.floor);
  let rest = total - shares.reduce((a, s) => a + s, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (rest-- <= 0) break;
    shares[i]++;
  }
  return shares;
}

/** A choice's completion tokens as the endpoint counts them (~4 characters a token, at least 1). */
const choiceWeight = (c: ChoiceDetail) => Math.max(1, Math.ceil((c.text.length + (c.reasoning?.length ?? 0)) / 4));

/**
 * Sample rows for the choices one request returned, at the given indices. Tokens: one
 * request bills the prompt once and its completions in total, so the prompt is split evenly
 * across the request's samples (an n-sample request no longer charges it all to the first)
 * and the completions (reasoning included) in proportion to each choice's length; sums over
 * samples equal what the endpoint billed. How a choice counts before verification (refusal,
 * filter, truncation, unfinished thinking) is outcome.ts; the verifier reads the final answer only.
 */
export async function rowsFromChoices(
  ctx: RunContext,
  item: WorkItem,
  role: "target" | "teacher",
  indices: number[],
  choices: ChoiceDetail[],
  usage: Usage,
  ref: Reference,
  targetPosition = 0,
  /** The run's stop signal (live runs): the judge's grading calls (kind none) end with it too. */
  signal?: AbortSignal,
): Promise<SampleRow[]> {
  const n = Math.min(indices.length, choices.length);
  const prompt = splitTokens(usage.promptTokens, Array(n).fill(1));
  const completion = splitTokens(usage.completionTokens, choices.slice(0, n).map(choiceWeight));
  const reasoning = splitTokens(usage.reasoningTokens ?? 0, choices.slice(0, n).map((c) => Math.max(1, c.reasoning?.length ?? 0)));
  const verify = role === "target" ? verifierFor(ctx, item, ref) : null;
  const rules = { maxTokens: ctx.run.maxTokens, truncatedAs: (ctx.run.truncatedAs ?? "wrong") as TruncatedAs };
  // Answer kind none (free-form, proofs): the judge grades each target sample (gradedRows).
  const graded = role === "target" && ctx.kind === "none" && ctx.judge !== null;
  const rows = await Promise.all(
    choices.slice(0, n).map(async (c, i): Promise<SampleRow | SampleRow[]> => {
      const text = c.text;
      const base = {
        candidateId: item.candidateId, role, ...(role === "target" && targetPosition > 0 ? { targetPosition } : {}),
        index: indices[i], response: storable(c.refusal !== null && text === "" ? c.refusal : text), score: null,
        promptTokens: prompt[i], completionTokens: completion[i], latencyMs: usage.latencyMs,
        reasoning: c.reasoning === null ? null : storable(c.reasoning), reasoningTokens: reasoning[i], finishReason: c.finishReason,
      };
      const outcome = choiceOutcome(c, rules);
      if (outcome.kind === "error") return { ...base, extracted: null, correct: null, reason: null, errorKind: outcome.errorKind, error: outcome.error };
      if (role === "teacher") {
        // A cut-off teacher answer votes for nothing (it lowers the agreement, like an answer without a final one).
        const extracted = outcome.kind === "wrong" ? null : extractAnswer(ctx, item, text);
        const reason = outcome.kind === "wrong" ? outcome.reason : extracted === null ? "no final answer found" : "teacher answer";
        return { ...base, extracted, correct: null, reason, errorKind: null, error: null };
      }
      if (outcome.kind === "wrong") return { ...base, extracted: null, correct: false, reason: outcome.reason, errorKind: null, error: null };
      if (graded) return gradedRows(ctx, item, ref, base, text, signal);
      try {
        const v = await verify!(text);
        // Undecided (pathological answer, time budget): the verifier could not tell, so the
        // sample is left out of k like any verifier failure rather than counted wrong.
        if (v.undecided) return { ...base, extracted: v.extracted, correct: null, reason: v.reason, errorKind: "verifier", error: snippet(v.reason) };
        return { ...base, extracted: v.extracted, correct: v.correct, reason: v.reason, errorKind: null, error: null };
      } catch (err) {
        // The verifier itself failed (python missing, …): not the model's fault, so not a wrong answer.
        return { ...base, extracted: null, correct: null, reason: null, errorKind: "verifier", error: snippet((err as Error).message) };
      }
    }),
  );
  return rows.flat();
}

/**
 * Answer kind `none`: the judge grades the target sample against the reference (issue 12).
 * Two rows: the target sample with the grade as its verdict, and the judge's grading call as a
 * judge sample at index targetIndex + 1 (index 0 is the rubric call), so its tokens and cost
 * are counted at the judge's price like any sample. "unsure", an unreadable reply or a failed
 * call leave the target sample out of k (error kind "verifier"), never count it wrong.
 */
type SampleBase = Omit<SampleRow, "extracted" | "correct" | "reason" | "errorKind" | "error">;

async function gradedRows(ctx: RunContext, item: WorkItem, ref: Reference, target: SampleBase, text: string, signal?: AbortSignal): Promise<SampleRow[]> {
  // Judge rows of other target models sit after the primary's (index 0 is the rubric call).
  const judgeIndex = 1 + (target.targetPosition ?? 0) * ctx.run.k + target.index;
  const req = judgeRequestFor(ctx, item, ref, text);
  let reply: ChatResult;
  try {
    reply = await chat(ctx.judge!.id, { messages: req.messages, n: 1, temperature: req.temperature, maxTokens: req.maxTokens }, { signal });
  } catch (err) {
    // A stop is no grading failure: the caller records nothing of the candidate (candidate-steps.ts).
    if (!(err instanceof ModelCallError) || signal?.aborted) throw err;
    const error = `judge grading failed (${err.kind}): ${snippet(err.message)}`;
    return [{ ...target, extracted: null, correct: null, reason: null, errorKind: "verifier", error }];
  }
  const v = parseGradeVerdict(reply.choices[0] ?? "");
  const decided = v.grade !== "unsure";
  return [
    {
      ...target, extracted: v.grade, correct: decided ? v.correct : null, reason: v.reason,
      errorKind: decided ? null : "verifier", error: decided ? null : snippet(v.reason),
    },
    {
      candidateId: item.candidateId, role: "judge", index: judgeIndex, response: storable(reply.choices[0] ?? ""), extracted: v.grade,
      correct: decided ? v.correct : null, reason: v.reason, score: null, promptTokens: reply.promptTokens,
      completionTokens: reply.completionTokens, latencyMs: reply.latencyMs, errorKind: null, error: null,
      reasoning: null, reasoningTokens: reply.reasoningTokens, finishReason: reply.details[0]?.finishReason ?? null,
    },
  ];
}

export function errorRows(item: WorkItem, role: SampleRole, indices: number[], kind: string, message: string, targetPosition = 0): SampleRow[] {
  return indices.map((index) => ({
    candidateId: item.candidateId, role, ...(targetPosition > 0 ? { targetPosition } : {}), index, response: null, extracted: null, correct: null, reason: null, score: null,
    promptTokens: 0, completionTokens: 0, latencyMs: 0, errorKind: kind, error: message.slice(0, 500),
    reasoning: null, reasoningTokens: 0, finishReason: null,
  }));
}

/** The judge sees the prompt, the reference (tests for code) and one verified response. */
export function judgeRequestFor(ctx: RunContext, item: WorkItem, ref: Reference, response: string): JudgeRequest {
  const reference = ref.tests ? ref.tests.join("\n") : ref.gold;
  return buildJudgeRequest({ prompt: item.prompt, reference, response, rubric: ctx.run.judgeRubric });
}

/** The judge's reply as its sample (index 0); an unreadable reply is a malformed sample. */
export function judgeRowFrom(item: WorkItem, choice: ChoiceDetail, usage: Usage): SampleRow {
  const text = choice.text;
  const v = parseJudgeVerdict(text);
  return {
    candidateId: item.candidateId, role: "judge", index: 0, response: storable(text), extracted: v.extracted, correct: v.correct,
    reason: v.reason, score: v.score, promptTokens: usage.promptTokens, completionTokens: usage.completionTokens,
    latencyMs: usage.latencyMs, errorKind: v.score === null ? "malformed" : null, error: v.score === null ? snippet(text) : null,
    reasoning: choice.reasoning === null ? null : storable(choice.reasoning), reasoningTokens: usage.reasoningTokens ?? 0, finishReason: choice.finishReason,
  };
}
