import os from "node:os";
import type { Pool, PoolClient } from "pg";
import { answerVerifier, choicesOf, codeTestsOf, type Verdict } from "@/lib/verify";
import { normaliseExactAnswer } from "@/lib/verify/exact";
import { extractMathAnswer } from "@/lib/verify/math";
import { extractLastBoxed, extractAnswerPhrase } from "@/lib/verify/math/extract";
import { extractMcqChoice } from "@/lib/verify/mcq";
import { buildJudgeRequest, parseJudgeVerdict, type JudgeRequest } from "@/lib/verify/judge";
import { snippet } from "@/lib/verify/verdict";
import type { RunContext } from "./context";
import { proxyFrom, type SampleRole, type SampleRow } from "./record";
import { hasWrittenReference } from "./reference";

// Per-candidate pieces shared by the live driver and batch import: what a candidate still
// needs (from stored samples), what its reference is, and how model answers become sample
// rows with verdicts.

export interface WorkItem {
  candidateId: number;
  prompt: string;
  answer: string | null;
  metadata: unknown;
  /** Indices already stored per role (errors included: they are not retried). */
  have: Record<SampleRole, Set<number>>;
  /** Stored teacher answers (extracted, non-error), by index. */
  teacherAnswers: Map<number, string | null>;
  /** A stored verified target response, for the judge after a restart. */
  storedResponse: string | null;
}

export async function loadWorkItems(db: Pool | PoolClient, runId: number, candidateIds: number[]): Promise<WorkItem[]> {
  if (candidateIds.length === 0) return [];
  const [{ rows: cands }, { rows: stored }] = await Promise.all([
    db.query<{ id: number; prompt: string; answer: string | null; metadata: unknown }>(
      "select id, prompt, answer, metadata from candidate where id = any($1::int[])",
      [candidateIds],
    ),
    db.query<{ candidate_id: number; role: SampleRole; index: number; extracted: string | null; error_kind: string | null; response: string | null }>(
      `select candidate_id, role::text as role, "index", extracted, error_kind,
              case when role = 'target' and error_kind is null then response end as response
         from sample where run_id = $1 and candidate_id = any($2::int[]) order by "index"`,
      [runId, candidateIds],
    ),
  ]);
  const items = new Map<number, WorkItem>();
  for (const c of cands) {
    items.set(c.id, {
      candidateId: c.id, prompt: c.prompt, answer: c.answer, metadata: c.metadata,
      have: { target: new Set(), teacher: new Set(), judge: new Set() }, teacherAnswers: new Map(), storedResponse: null,
    });
  }
  for (const s of stored) {
    const item = items.get(s.candidate_id);
    if (!item) continue;
    item.have[s.role].add(s.index);
    if (s.role === "teacher" && s.error_kind === null) item.teacherAnswers.set(s.index, s.extracted);
    if (s.response !== null) item.storedResponse ??= s.response;
  }
  return candidateIds.map((id) => items.get(id)).filter((x): x is WorkItem => x !== undefined);
}

export function missingIndices(count: number, have: Set<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) if (!have.has(i)) out.push(i);
  return out;
}

/** Target and teacher see the prompt as stored, as the only user message. */
export const answerMessages = (prompt: string) => [{ role: "user" as const, content: prompt }];

export interface Reference {
  /** The answer to verify against (own or proxy); null when there is none (yet). */
  gold: string | null;
  tests: string[] | null;
  own: boolean;
}

export function ownReference(ctx: RunContext, item: WorkItem): Reference {
  if (ctx.kind === "code") {
    const tests = codeTestsOf(item.metadata);
    return { gold: tests ? "" : null, tests, own: tests !== null };
  }
  if (ctx.kind === "none") return { gold: null, tests: null, own: false };
  const gold = hasWrittenReference(item.answer) ? item.answer : null;
  return { gold, tests: null, own: gold !== null };
}

/** Whether this candidate is sent to the teacher (no reference of its own, a teacher set). */
export const needsTeacher = (ctx: RunContext, ref: Reference) =>
  !ref.own && ctx.teacher !== null && ctx.kind !== "code" && ctx.kind !== "none";

/** The reference from the teacher's stored answers, once they are all there. */
export function teacherReference(ctx: RunContext, item: WorkItem): { gold: string | null; agreement: number | null } {
  const answers = [...item.teacherAnswers.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
  const p = proxyFrom(ctx, answers);
  return { gold: p.answer, agreement: p.agreement };
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
  return answerVerifier(kind, ref.gold ?? "", { choices: kind === "mcq" ? choicesOf(item.metadata) : undefined });
}

/** PostgreSQL text cannot hold NUL; a model can emit one. */
export const storable = (text: string) => (text.includes("\u0000") ? text.replace(/\u0000/g, "") : text);

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
}

/**
 * Sample rows for the choices one request returned, at the given indices. Tokens: the
 * prompt is paid once per request (first row), completions are split evenly, so sums over
 * samples equal what the endpoint billed.
 */
export async function rowsFromChoices(
  ctx: RunContext,
  item: WorkItem,
  role: "target" | "teacher",
  indices: number[],
  choices: string[],
  usage: Usage,
  ref: Reference,
): Promise<SampleRow[]> {
  const n = Math.min(indices.length, choices.length);
  const share = Math.floor(usage.completionTokens / Math.max(1, n));
  const rest = usage.completionTokens - share * n;
  const verify = role === "target" ? verifierFor(ctx, item, ref) : null;
  return Promise.all(
    choices.slice(0, n).map(async (text, i): Promise<SampleRow> => {
      const base = {
        candidateId: item.candidateId, role, index: indices[i], response: storable(text), score: null,
        promptTokens: i === 0 ? usage.promptTokens : 0, completionTokens: share + (i < rest ? 1 : 0), latencyMs: usage.latencyMs,
      };
      if (role === "teacher") {
        const extracted = extractAnswer(ctx, item, text);
        return { ...base, extracted, correct: null, reason: extracted === null ? "no final answer found" : "teacher answer", errorKind: null, error: null };
      }
      try {
        const v = await verify!(text);
        return { ...base, extracted: v.extracted, correct: v.correct, reason: v.reason, errorKind: null, error: null };
      } catch (err) {
        // The verifier itself failed (python missing, …): not the model's fault, so not a wrong answer.
        return { ...base, extracted: null, correct: null, reason: null, errorKind: "verifier", error: snippet((err as Error).message) };
      }
    }),
  );
}

export function errorRows(item: WorkItem, role: SampleRole, indices: number[], kind: string, message: string): SampleRow[] {
  return indices.map((index) => ({
    candidateId: item.candidateId, role, index, response: null, extracted: null, correct: null, reason: null, score: null,
    promptTokens: 0, completionTokens: 0, latencyMs: 0, errorKind: kind, error: message.slice(0, 500),
  }));
}

/** The judge sees the prompt, the reference (tests for code) and one verified response. */
export function judgeRequestFor(ctx: RunContext, item: WorkItem, ref: Reference, response: string): JudgeRequest {
  const reference = ref.tests ? ref.tests.join("\n") : ref.gold;
  return buildJudgeRequest({ prompt: item.prompt, reference, response, rubric: ctx.run.judgeRubric });
}

/** The judge's reply as its sample (index 0); an unreadable reply is a malformed sample. */
export function judgeRowFrom(item: WorkItem, text: string, usage: Usage): SampleRow {
  const v = parseJudgeVerdict(text);
  return {
    candidateId: item.candidateId, role: "judge", index: 0, response: storable(text), extracted: v.extracted, correct: v.correct,
    reason: v.reason, score: v.score, promptTokens: usage.promptTokens, completionTokens: usage.completionTokens,
    latencyMs: usage.latencyMs, errorKind: v.score === null ? "malformed" : null, error: v.score === null ? snippet(text) : null,
  };
}
