import type { AnswerKind, RunContext } from "./context";
import { plurality, sameAnswer } from "./plurality";

// What a candidate still needs, and how it settles once it needs nothing more — the one rule
// behind the live driver (driver.ts), batch export and import (batch.ts) and settlement
// (record.ts). Pure: the state is what is stored for the candidate in this run, so whichever
// process asks, after whatever crash, gets the same answer. It used to be written four times
// (issue 10), and the copies disagreed; the rule that won is the one below:
// - batch import verified target lines against a proxy from however many teacher answers were
//   stored (3 of 6 could "agree"); everyone else waited for all k_t;
// - batch import stored teacher lines for candidates with their own reference, and judge lines
//   before the targets were in or for candidates with nothing to judge;
// - settlement counted stored rows (any index) towards k, passes and the teacher's vote, the
//   driver and export asked by index in [0, k);
// - the live judge saw the first answered sample of the claim that finished the targets, batch
//   the lowest-indexed stored one (now both: the lowest index, work.ts).
//
// The order is fixed: own reference → teacher samples → proxy reference → target samples →
// judge. A step starts only when the one before it is complete, so a proxy reference is
// always the plurality of all k_t teacher samples (never of the first few to arrive), and the
// judge always sees a response of a candidate whose k target samples are all in.
//
// Only sample indices the run asks for count: [0, k) for the target, [0, k_t) for the
// teacher, 0 for the judge. An errored index counts as stored (it is not asked again) and is
// excluded from k.

export type PlanRole = "teacher" | "target" | "judge";

export interface PlanSettings {
  kind: AnswerKind;
  /** Target samples per candidate. */
  k: number;
  /** The teacher, when the run has one: k_t samples, trusted at this plurality share. */
  teacher: { k: number; agreement: number } | null;
  judge: boolean;
}

/** The run settings the plan needs. */
export const planSettingsOf = (ctx: RunContext): PlanSettings => ({
  kind: ctx.kind,
  k: ctx.run.k,
  teacher: ctx.teacher ? { k: ctx.run.teacherK ?? 0, agreement: ctx.run.teacherAgreement ?? 1 } : null,
  judge: ctx.judge !== null,
});

export interface CandidateState {
  /** A written answer (or, for code, tests): lib/scoring/reference.ts hasOwnReference. */
  ownReference: boolean;
  /** Indices stored per role, errored ones included. */
  stored: Record<PlanRole, ReadonlySet<number>>;
  /** Extracted answers of the teacher samples that did not error, by index (null: nothing extractable). */
  teacherAnswers: ReadonlyMap<number, string | null>;
  /** Target samples that did not error (indices), and which of them were correct. */
  answered: ReadonlySet<number>;
  passed: ReadonlySet<number>;
  /** The judge's score, when its call did not error. */
  judgeScore: number | null;
  /** Error kinds among the stored samples, for a failure's reason ("rate_limited, timeout"). */
  errorKinds: ReadonlySet<string>;
}

/** A stored sample as far as the plan cares. */
export interface StoredSample {
  role: PlanRole;
  index: number;
  /** The teacher's extracted answer (other roles: ignored). */
  extracted: string | null;
  correct: boolean | null;
  score: number | null;
  errorKind: string | null;
}

/** A state being built from stored samples (absorbSample); the live driver adds its answers as they come. */
export interface MutableCandidateState extends CandidateState {
  stored: Record<PlanRole, Set<number>>;
  teacherAnswers: Map<number, string | null>;
  answered: Set<number>;
  passed: Set<number>;
  errorKinds: Set<string>;
}

export function emptyState(ownReference: boolean): MutableCandidateState {
  return {
    ownReference, stored: { teacher: new Set(), target: new Set(), judge: new Set() }, teacherAnswers: new Map(),
    answered: new Set(), passed: new Set(), judgeScore: null, errorKinds: new Set(),
  };
}

/** Add one stored sample to a state. */
export function absorbSample(state: MutableCandidateState, s: StoredSample): void {
  state.stored[s.role].add(s.index);
  if (s.errorKind !== null) {
    state.errorKinds.add(s.errorKind);
    return;
  }
  if (s.role === "teacher") state.teacherAnswers.set(s.index, s.extracted);
  else if (s.role === "target") {
    state.answered.add(s.index);
    if (s.correct) state.passed.add(s.index);
  } else if (s.index === 0) state.judgeScore = s.score;
}

/** The reference target samples are verified against. */
export type PlanReference = { own: true } | { own: false; proxy: string; agreement: number };

export type Settlement =
  /** k verified samples (errors excluded), `passes` of them correct. */
  | { kind: "scored"; passes: number; k: number; proxy: string | null; agreement: number | null; judge: number | null }
  /** No reference and no trusted proxy: nothing to verify against, no target samples needed. */
  | { kind: "unverifiable"; agreement: number | null }
  /** Every sample that mattered failed: the item fails with the reason. */
  | { kind: "failed"; reason: string };

export type Plan =
  | { next: "teacher"; indices: number[] }
  | { next: "target"; indices: number[]; reference: PlanReference }
  | { next: "judge"; reference: PlanReference }
  | { next: "settle"; settlement: Settlement };

/** Indices in [0, count) not yet stored. */
export function missingIndices(count: number, have: ReadonlySet<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) if (!have.has(i)) out.push(i);
  return out;
}

const inRange = (indices: Iterable<number>, count: number) => [...indices].filter((i) => i >= 0 && i < count).sort((a, b) => a - b);

/** Whether a candidate without a reference of its own goes to the teacher. */
export const usesTeacher = (s: PlanSettings) => s.teacher !== null && s.kind !== "code" && s.kind !== "none";

/**
 * The proxy reference from the teacher's answers (in index order): the plurality answer when
 * its share of all answers reaches the agreement threshold. `agreement` is that share (0 when
 * nothing could be extracted, null when there were no answers at all).
 */
export function proxyOf(s: PlanSettings, answers: readonly (string | null)[]): { answer: string | null; agreement: number | null } {
  if (answers.length === 0) return { answer: null, agreement: null };
  const p = plurality(answers, sameAnswer(s.kind));
  const agreement = p?.share ?? 0;
  return { answer: p && agreement >= (s.teacher?.agreement ?? 1) ? p.answer : null, agreement };
}

const kinds = (state: CandidateState) => (state.errorKinds.size ? [...state.errorKinds].sort().join(", ") : "error");

const settle = (settlement: Settlement): Plan => ({ next: "settle", settlement });

/** What the candidate needs next, or how it settles. */
export function planCandidate(state: CandidateState, s: PlanSettings): Plan {
  // Free-form answers (kind none) are graded by the judge, sample by sample: no judge, no grade.
  if (s.kind === "none" && !s.judge) return settle({ kind: "unverifiable", agreement: null });
  let reference: PlanReference;
  if (state.ownReference) reference = { own: true };
  else if (usesTeacher(s)) {
    const kt = s.teacher!.k;
    const missing = missingIndices(kt, state.stored.teacher);
    if (missing.length) return { next: "teacher", indices: missing };
    const answered = inRange(state.teacherAnswers.keys(), kt);
    if (kt > 0 && answered.length === 0) return settle({ kind: "failed", reason: `every teacher sample failed (${kinds(state)})` });
    const proxy = proxyOf(s, answered.map((i) => state.teacherAnswers.get(i) ?? null));
    if (proxy.answer === null) return settle({ kind: "unverifiable", agreement: proxy.agreement });
    reference = { own: false, proxy: proxy.answer, agreement: proxy.agreement! };
  } else return settle({ kind: "unverifiable", agreement: null });

  const missing = missingIndices(s.k, state.stored.target);
  if (missing.length) return { next: "target", indices: missing, reference };
  const answered = inRange(state.answered, s.k);
  if (s.judge && !state.stored.judge.has(0) && answered.length > 0) return { next: "judge", reference };
  if (answered.length === 0) return settle({ kind: "failed", reason: `all ${s.k} samples failed (${kinds(state)})` });
  const passes = answered.filter((i) => state.passed.has(i)).length;
  return settle({
    kind: "scored", passes, k: answered.length,
    proxy: reference.own ? null : reference.proxy, agreement: reference.own ? null : reference.agreement,
    judge: s.judge ? state.judgeScore : null,
  });
}

/** How the candidate settles, or null while it still needs samples. */
export function settlementOf(state: CandidateState, s: PlanSettings): Settlement | null {
  const plan = planCandidate(state, s);
  return plan.next === "settle" ? plan.settlement : null;
}

/**
 * Why a batch output line for `role` carrying `indices` does not fit what the candidate needs,
 * or null when it does. A line only fills the step the plan is at and must bring at least one
 * index that step still asks for (a line of already stored indices is a duplicate: the caller
 * reports those before asking).
 */
export function lineProblem(plan: Plan, role: PlanRole, indices: readonly number[]): string | null {
  if (plan.next === role) {
    if (plan.next === "judge") return null;
    const wanted = new Set(plan.indices);
    return indices.some((i) => wanted.has(i)) ? null : `${role} samples ${indices.join(", ")} are already stored`;
  }
  const order: (Plan["next"])[] = ["teacher", "target", "judge", "settle"];
  const early = order.indexOf(plan.next) < order.indexOf(role);
  switch (role) {
    case "teacher":
      return "no teacher answers needed: the candidate has its own reference, or its teacher answers are complete";
    case "target":
      if (early) return "no reference yet: the teacher's answers are not all in";
      if (plan.next === "settle" && plan.settlement.kind !== "scored") return "no reference: the teacher's answers are missing or disagree, or the candidate has none to verify against";
      return "target samples already complete";
    case "judge":
      if (early) return "nothing to judge yet: the target samples are not all in";
      return "nothing to judge: the run has no judge, or the candidate has no answered sample to judge";
  }
}
