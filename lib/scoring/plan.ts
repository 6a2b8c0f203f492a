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
// Only sample indices the run asks for count: [0, k) for each target, [0, k_t) for the
// teacher, 0 for the judge. An errored index counts as stored (it is not asked again) and is
// excluded from k.
//
// Several targets (issue 15, docs/decisions/0027): a run may sample more than one target model;
// each gets the same k against the same reference, all in one step. The candidate settles with
// a pass rate per model (`models`); which of them defines the domain's band is the domain's
// difficulty basis (difficulty.ts), applied at settlement and re-applied without re-sampling.
// A target model whose every sample failed fails the candidate: a difficulty measured on fewer
// models than the run asked for would not be the one the domain chose.

export type PlanRole = "teacher" | "target" | "judge";

export interface PlanSettings {
  kind: AnswerKind;
  /** Target samples per candidate, per target model. */
  k: number;
  /** How many target models the run samples (1: the primary only). */
  targets: number;
  /** The teacher, when the run has one: k_t samples, trusted at this plurality share. */
  teacher: { k: number; agreement: number } | null;
  judge: boolean;
}

/** The run settings the plan needs. */
export const planSettingsOf = (ctx: RunContext): PlanSettings => ({
  kind: ctx.kind,
  k: ctx.run.k,
  targets: ctx.targets.length,
  teacher: ctx.teacher ? { k: ctx.run.teacherK ?? 0, agreement: ctx.run.teacherAgreement ?? 1 } : null,
  judge: ctx.judge !== null,
});

/** One target model's stored samples for a candidate. */
export interface TargetSamples {
  /** Indices stored, errored ones included. */
  stored: ReadonlySet<number>;
  /** Samples that did not error (indices), and which of them were correct. */
  answered: ReadonlySet<number>;
  passed: ReadonlySet<number>;
}

export interface CandidateState {
  /** A written answer (or, for code, tests): lib/scoring/reference.ts hasOwnReference. */
  ownReference: boolean;
  /** Teacher and judge indices stored, errored ones included. */
  stored: Record<Exclude<PlanRole, "target">, ReadonlySet<number>>;
  /** Extracted answers of the teacher samples that did not error, by index (null: nothing extractable). */
  teacherAnswers: ReadonlyMap<number, string | null>;
  /** Target samples by target position (0 = the primary); a position with nothing stored may be absent. */
  targets: readonly TargetSamples[];
  /** The judge's score, when its call did not error. */
  judgeScore: number | null;
  /** Error kinds among the stored samples, for a failure's reason ("rate_limited, timeout"). */
  errorKinds: ReadonlySet<string>;
}

/** A stored sample as far as the plan cares. */
export interface StoredSample {
  role: PlanRole;
  /** Which target model (0 = the primary; absent: 0). Teacher and judge: 0. */
  targetPosition?: number;
  index: number;
  /** The teacher's extracted answer (other roles: ignored). */
  extracted: string | null;
  correct: boolean | null;
  score: number | null;
  errorKind: string | null;
}

interface MutableTargetSamples extends TargetSamples {
  stored: Set<number>;
  answered: Set<number>;
  passed: Set<number>;
}

/** A state being built from stored samples (absorbSample); the live driver adds its answers as they come. */
export interface MutableCandidateState extends CandidateState {
  stored: Record<Exclude<PlanRole, "target">, Set<number>>;
  teacherAnswers: Map<number, string | null>;
  targets: MutableTargetSamples[];
  errorKinds: Set<string>;
}

const emptyTarget = (): MutableTargetSamples => ({ stored: new Set(), answered: new Set(), passed: new Set() });
const NO_SAMPLES: TargetSamples = emptyTarget();

export function emptyState(ownReference: boolean): MutableCandidateState {
  return {
    ownReference, stored: { teacher: new Set(), judge: new Set() }, teacherAnswers: new Map(),
    targets: [emptyTarget()], judgeScore: null, errorKinds: new Set(),
  };
}

/** A target model's samples in a state (none stored: empty sets). */
export const targetSamples = (state: CandidateState, position = 0): TargetSamples => state.targets[position] ?? NO_SAMPLES;

/** The indices of `role` (for a target: of the model at `position`) stored for a candidate. */
export const storedIndices = (state: CandidateState, role: PlanRole, position = 0): ReadonlySet<number> =>
  role === "target" ? targetSamples(state, position).stored : state.stored[role];

/** Add one stored sample to a state. */
export function absorbSample(state: MutableCandidateState, s: StoredSample): void {
  let target: MutableTargetSamples | null = null;
  if (s.role === "target") {
    const position = s.targetPosition ?? 0;
    while (state.targets.length <= position) state.targets.push(emptyTarget());
    target = state.targets[position];
    target.stored.add(s.index);
  } else state.stored[s.role].add(s.index);
  if (s.errorKind !== null) {
    state.errorKinds.add(s.errorKind);
    return;
  }
  if (s.role === "teacher") state.teacherAnswers.set(s.index, s.extracted);
  else if (target) {
    target.answered.add(s.index);
    if (s.correct) target.passed.add(s.index);
  } else if (s.index === 0) state.judgeScore = s.score;
}

/** The reference target samples are verified against. */
export type PlanReference = { own: true } | { own: false; proxy: string; agreement: number };

/** One target model's result: `k` verified samples (errors excluded), `passes` of them correct. */
export interface ModelResult {
  position: number;
  passes: number;
  k: number;
}

export type Settlement =
  /**
   * The primary target's k verified samples (errors excluded), `passes` of them correct, and
   * every target model's result in position order (`models[0]` is the primary's).
   */
  | { kind: "scored"; passes: number; k: number; models: ModelResult[]; proxy: string | null; agreement: number | null; judge: number | null }
  /** No reference and no trusted proxy: nothing to verify against, no target samples needed. */
  | { kind: "unverifiable"; agreement: number | null }
  /** Every sample that mattered failed: the item fails with the reason. */
  | { kind: "failed"; reason: string };

export type Plan =
  | { next: "teacher"; indices: number[] }
  /** Target samples still missing, per target model (only models that miss some). */
  | { next: "target"; targets: TargetNeed[]; reference: PlanReference }
  | { next: "judge"; reference: PlanReference }
  | { next: "settle"; settlement: Settlement };

export interface TargetNeed {
  position: number;
  indices: number[];
}

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

  const positions = Array.from({ length: Math.max(1, s.targets) }, (_, p) => p);
  const needs = positions
    .map((position) => ({ position, indices: missingIndices(s.k, targetSamples(state, position).stored) }))
    .filter((n) => n.indices.length > 0);
  if (needs.length) return { next: "target", targets: needs, reference };
  const models = positions.map((position): ModelResult => {
    const t = targetSamples(state, position);
    const answered = inRange(t.answered, s.k);
    return { position, passes: answered.filter((i) => t.passed.has(i)).length, k: answered.length };
  });
  const silent = models.find((m) => m.k === 0);
  if (silent) {
    const which = positions.length > 1 ? ` of target ${silent.position + 1}` : "";
    return settle({ kind: "failed", reason: `all ${s.k} samples${which} failed (${kinds(state)})` });
  }
  if (s.judge && !state.stored.judge.has(0)) return { next: "judge", reference };
  return settle({
    kind: "scored", passes: models[0].passes, k: models[0].k, models,
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
export function lineProblem(plan: Plan, role: PlanRole, indices: readonly number[], targetPosition = 0): string | null {
  if (plan.next === role) {
    if (plan.next === "judge") return null;
    const wanted = new Set(plan.next === "teacher" ? plan.indices : (plan.targets.find((t) => t.position === targetPosition)?.indices ?? []));
    const what = role === "target" && targetPosition > 0 ? `target ${targetPosition + 1} samples` : `${role} samples`;
    return indices.some((i) => wanted.has(i)) ? null : `${what} ${indices.join(", ")} are already stored`;
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
