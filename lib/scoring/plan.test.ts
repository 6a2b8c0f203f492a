import { describe, expect, it } from "vitest";
import { absorbSample, emptyState, lineProblem, planCandidate, settlementOf, type Plan, type PlanSettings, type StoredSample } from "./plan";

// The plan is the one rule for what a candidate still needs and how it settles; the live
// driver, batch export, batch import and settlement all follow it. Table-driven: each row is
// a stored state (samples written as short codes) and the plan it must give.

const math: PlanSettings = { kind: "math", k: 4, targets: 1, teacher: null, judge: false };
const teach: PlanSettings = { ...math, teacher: { k: 4, agreement: 0.5 } };
const judged: PlanSettings = { ...math, judge: true };
const teachJudged: PlanSettings = { ...teach, judge: true };

/**
 * Samples in short form: "t0+" target 0 correct, "t1-" wrong, "t2!" errored (timeout);
 * "T0=42" teacher 0 answered 42, "T1?" nothing extractable, "T2!" errored; "j7" judge scored 7, "j!" judge errored.
 */
function sample(code: string): StoredSample {
  const base = { extracted: null, correct: null, score: null, errorKind: null };
  const [role, rest] = [code[0], code.slice(1)];
  if (role === "j") return rest === "!" ? { ...base, role: "judge", index: 0, errorKind: "malformed" } : { ...base, role: "judge", index: 0, score: Number(rest) };
  const index = parseInt(rest, 10);
  const mark = rest.slice(String(index).length);
  if (mark === "!") return { ...base, role: role === "t" ? "target" : "teacher", index, errorKind: "timeout" };
  if (role === "t") return { ...base, role: "target", index, correct: mark === "+" };
  return { ...base, role: "teacher", index, extracted: mark === "?" ? null : mark.slice(1) };
}

function state(own: boolean, codes: string) {
  const s = emptyState(own);
  for (const c of codes.split(" ").filter(Boolean)) absorbSample(s, sample(c));
  return s;
}

const own = { own: true } as const;
const proxy = (answer: string, agreement: number) => ({ own: false, proxy: answer, agreement }) as const;
const scored = (passes: number, k: number, extra: Partial<{ proxy: string; agreement: number; judge: number }> = {}): Plan => ({
  next: "settle", settlement: { kind: "scored", passes, k, models: [{ position: 0, passes, k }], proxy: extra.proxy ?? null, agreement: extra.agreement ?? null, judge: extra.judge ?? null },
});
const unverifiable = (agreement: number | null): Plan => ({ next: "settle", settlement: { kind: "unverifiable", agreement } });
const failed = (reason: string): Plan => ({ next: "settle", settlement: { kind: "failed", reason } });

const cases: [string, PlanSettings, boolean, string, Plan][] = [
  // Own reference: target samples, then (with a judge) the judge, then settle.
  ["own reference, nothing stored", math, true, "", { next: "target", targets: [{ position: 0, indices: [0, 1, 2, 3] }], reference: own }],
  ["own reference, some stored", math, true, "t0+ t2-", { next: "target", targets: [{ position: 0, indices: [1, 3] }], reference: own }],
  ["own reference, an errored index is not asked again", math, true, "t0+ t1! t2- t3+", scored(2, 3)],
  ["own reference, complete", math, true, "t0+ t1+ t2- t3+", scored(3, 4)],
  ["own reference, every target sample failed", math, true, "t0! t1! t2! t3!", failed("all 4 samples failed (timeout)")],
  ["indices outside k do not count", math, true, "t0+ t1+ t2+ t5+ t6+ t7+ t9+", { next: "target", targets: [{ position: 0, indices: [3] }], reference: own }],
  ["complete within k, extra indices ignored", math, true, "t0- t1- t2- t3- t4+ t5+", scored(0, 4)],
  ["judge after complete targets", judged, true, "t0+ t1- t2+ t3+", { next: "judge", reference: own }],
  ["judge waits for the targets", judged, true, "t0+", { next: "target", targets: [{ position: 0, indices: [1, 2, 3] }], reference: own }],
  ["judge stored", judged, true, "t0+ t1- t2+ t3+ j7", scored(3, 4, { judge: 7 })],
  ["judge errored: settled without a score", judged, true, "t0+ t1- t2+ t3+ j!", scored(3, 4)],
  ["nothing to judge when every target failed", judged, true, "t0! t1! t2! t3!", failed("all 4 samples failed (timeout)")],
  // No reference, no teacher (or a kind the teacher cannot help): unverifiable at once.
  ["no reference, no teacher", math, false, "", unverifiable(null)],
  ["no reference, code: no teacher", { ...teach, kind: "code" }, false, "", unverifiable(null)],
  ["kind none without a reference", { ...teach, kind: "none" }, false, "", unverifiable(null)],
  // Kind none (free-form, proofs): only a judge can grade a sample, so without one a written
  // answer is no use; with one, target samples are graded against it (issue 12).
  ["kind none, a written answer but no judge", { ...math, kind: "none" }, true, "", unverifiable(null)],
  ["kind none with a judge: target samples", { ...judged, kind: "none" }, true, "", { next: "target", targets: [{ position: 0, indices: [0, 1, 2, 3] }], reference: own }],
  ["kind none with a judge: graded, unsure left out of k", { ...judged, kind: "none" }, true, "t0+ t1- t2! t3+ j6", scored(2, 3, { judge: 6 })],
  ["own reference wins over the teacher", teach, true, "", { next: "target", targets: [{ position: 0, indices: [0, 1, 2, 3] }], reference: own }],
  // Teacher: all k_t first, then the proxy (plurality share ≥ agreement), then targets.
  ["teacher first", teach, false, "", { next: "teacher", indices: [0, 1, 2, 3] }],
  ["teacher partly in: no proxy from the first few", teach, false, "T0=42 T1=42", { next: "teacher", indices: [2, 3] }],
  ["teacher agrees: proxy, targets", teach, false, "T0=42 T1=42 T2=7 T3?", { next: "target", targets: [{ position: 0, indices: [0, 1, 2, 3] }], reference: proxy("42", 0.5) }],
  ["teacher below the threshold: unverifiable", teach, false, "T0=42 T1=7 T2=9 T3?", unverifiable(0.25)],
  ["teacher extracted nothing: unverifiable at 0", teach, false, "T0? T1? T2? T3?", unverifiable(0)],
  ["teacher errors excluded from the share", teach, false, "T0=42 T1=42 T2! T3=5", { next: "target", targets: [{ position: 0, indices: [0, 1, 2, 3] }], reference: proxy("42", 2 / 3) }],
  ["every teacher sample failed", teach, false, "T0! T1! T2! T3!", failed("every teacher sample failed (timeout)")],
  ["teacher answers outside k_t do not vote", teach, false, "T0=1 T1=2 T2=3 T3=4 T4=1 T5=1", unverifiable(0.25)],
  ["proxy, targets partly in", teach, false, "T0=42 T1=42 T2=42 T3=42 t1+", { next: "target", targets: [{ position: 0, indices: [0, 2, 3] }], reference: proxy("42", 1) }],
  ["proxy, scored with it", teach, false, "T0=42 T1=42 T2=42 T3=42 t0+ t1+ t2- t3+", scored(3, 4, { proxy: "42", agreement: 1 })],
  ["proxy, then the judge", teachJudged, false, "T0=42 T1=42 T2=42 T3=42 t0+ t1+ t2- t3+", { next: "judge", reference: proxy("42", 1) }],
  ["proxy and judge", teachJudged, false, "T0=42 T1=42 T2=42 T3=42 t0+ t1+ t2- t3+ j9", scored(3, 4, { proxy: "42", agreement: 1, judge: 9 })],
  ["math: equivalent forms are one vote", teach, false, "T0=1/2 T1=0.5 T2=3 T3?", { next: "target", targets: [{ position: 0, indices: [0, 1, 2, 3] }], reference: proxy("1/2", 0.5) }],
  ["agreement 1 needs every answer", { ...teach, teacher: { k: 4, agreement: 1 } }, false, "T0=42 T1=42 T2=42 T3?", unverifiable(0.75)],
];

describe("planCandidate", () => {
  it.each(cases)("%s", (_name, settings, ownRef, codes, expected) => {
    const plan = planCandidate(state(ownRef, codes), settings);
    if (plan.next === "target" && expected.next === "target" && !plan.reference.own && !expected.reference.own) {
      expect(plan.reference.agreement).toBeCloseTo(expected.reference.agreement);
      expect({ ...plan, reference: { ...plan.reference, agreement: 0 } }).toEqual({ ...expected, reference: { ...expected.reference, agreement: 0 } });
    } else expect(plan).toEqual(expected);
  });

  it("settles exactly when nothing is needed (settlementOf is the plan's end)", () => {
    for (const [, settings, ownRef, codes, expected] of cases) {
      const s = settlementOf(state(ownRef, codes), settings);
      expect(s).toEqual(expected.next === "settle" ? expected.settlement : null);
    }
  });

  it("following the plan always ends settled, within three steps", () => {
    // Walk every setting from nothing stored, answering each step in full, as the driver does.
    for (const settings of [math, teach, judged, teachJudged]) {
      for (const ownRef of [true, false]) {
        const s = state(ownRef, "");
        const steps: string[] = [];
        let plan = planCandidate(s, settings);
        while (plan.next !== "settle") {
          steps.push(plan.next);
          if (plan.next === "judge") absorbSample(s, sample("j5"));
          else if (plan.next === "teacher") for (const i of plan.indices) absorbSample(s, sample(`T${i}=42`));
          else for (const i of plan.targets[0].indices) absorbSample(s, sample(`t${i}+`));
          plan = planCandidate(s, settings);
          expect(steps.length).toBeLessThanOrEqual(3);
        }
        const expected = [...(!ownRef && settings.teacher ? ["teacher"] : []), ...(ownRef || settings.teacher ? ["target"] : []), ...(settings.judge && (ownRef || settings.teacher) ? ["judge"] : [])];
        expect(steps).toEqual(expected);
      }
    }
  });

  it("joins several error kinds in a stable order", () => {
    const s = state(true, "t0! t1!");
    absorbSample(s, { role: "target", index: 2, extracted: null, correct: null, score: null, errorKind: "rate_limited" });
    absorbSample(s, { role: "target", index: 3, extracted: null, correct: null, score: null, errorKind: "connection" });
    expect(settlementOf(s, math)).toEqual({ kind: "failed", reason: "all 4 samples failed (connection, rate_limited, timeout)" });
  });
});

describe("lineProblem (batch import)", () => {
  const lines: [string, PlanSettings, boolean, string, "teacher" | "target" | "judge", number[], string | null][] = [
    ["target line for a candidate with a reference", math, true, "", "target", [0, 1, 2, 3], null],
    ["target line overlapping stored indices", math, true, "t0+", "target", [0, 1], null],
    ["target line of stored indices only", math, true, "t0+ t1+", "target", [0, 1], "target samples 0, 1 are already stored"],
    ["teacher line for a candidate with its own reference", teach, true, "", "teacher", [0], "no teacher answers needed: the candidate has its own reference, or its teacher answers are complete"],
    ["target line before the teacher is complete", teach, false, "T0=42", "target", [0], "no reference yet: the teacher's answers are not all in"],
    ["teacher line while teacher answers are missing", teach, false, "T0=42", "teacher", [1, 2, 3], null],
    ["target line when the teacher disagreed", teach, false, "T0=1 T1=2 T2=3 T3=4", "target", [0], "no reference: the teacher's answers are missing or disagree, or the candidate has none to verify against"],
    ["target line with no reference and no teacher", math, false, "", "target", [0], "no reference: the teacher's answers are missing or disagree, or the candidate has none to verify against"],
    ["target line against a proxy", teach, false, "T0=42 T1=42 T2=42 T3=42", "target", [0, 1, 2, 3], null],
    ["judge line before the targets are in", judged, true, "t0+", "judge", [0], "nothing to judge yet: the target samples are not all in"],
    ["judge line once they are", judged, true, "t0+ t1+ t2+ t3-", "judge", [0], null],
    ["judge line when every target failed", judged, true, "t0! t1! t2! t3!", "judge", [0], "nothing to judge: the run has no judge, or the candidate has no answered sample to judge"],
  ];
  it.each(lines)("%s", (_name, settings, ownRef, codes, role, indices, expected) => {
    expect(lineProblem(planCandidate(state(ownRef, codes), settings), role, indices)).toBe(expected);
  });
});

describe("several target models (issue 15)", () => {
  const two: PlanSettings = { ...math, targets: 2 };
  /** "u0+" is target 2's (position 1) sample 0, correct; codes otherwise as above. */
  function multi(own: boolean, codes: string) {
    const s = emptyState(own);
    for (const c of codes.split(" ").filter(Boolean)) {
      if (c[0] === "u") absorbSample(s, { ...sample(`t${c.slice(1)}`), targetPosition: 1 });
      else absorbSample(s, sample(c));
    }
    return s;
  }

  it("asks every model for its missing indices in one step, against one reference", () => {
    expect(planCandidate(multi(true, "t0+ t1+ u2-"), two)).toEqual({
      next: "target", reference: own,
      targets: [{ position: 0, indices: [2, 3] }, { position: 1, indices: [0, 1, 3] }],
    });
    expect(planCandidate(multi(true, "t0+ t1+ t2+ t3+"), two)).toEqual({ next: "target", reference: own, targets: [{ position: 1, indices: [0, 1, 2, 3] }] });
  });

  it("settles with each model's result; passes and k are the primary's", () => {
    expect(settlementOf(multi(true, "t0+ t1+ t2+ t3- u0- u1- u2+ u3!"), two)).toEqual({
      kind: "scored", passes: 3, k: 4, proxy: null, agreement: null, judge: null,
      models: [{ position: 0, passes: 3, k: 4 }, { position: 1, passes: 1, k: 3 }],
    });
  });

  it("a model whose every sample failed fails the candidate, naming it", () => {
    expect(settlementOf(multi(true, "t0+ t1+ t2+ t3- u0! u1! u2! u3!"), two)).toEqual({ kind: "failed", reason: "all 4 samples of target 2 failed (timeout)" });
  });

  it("the judge waits for every model", () => {
    const judgedTwo = { ...two, judge: true };
    expect(planCandidate(multi(true, "t0+ t1+ t2+ t3-"), judgedTwo).next).toBe("target");
    expect(planCandidate(multi(true, "t0+ t1+ t2+ t3- u0- u1- u2- u3-"), judgedTwo)).toEqual({ next: "judge", reference: own });
  });

  it("a batch line fills only its own model's missing indices", () => {
    const plan = planCandidate(multi(true, "t0+ t1+ t2+ t3+ u0+"), two);
    expect(lineProblem(plan, "target", [0, 1], 1)).toBeNull();
    expect(lineProblem(plan, "target", [0, 1], 0)).toBe("target samples 0, 1 are already stored");
    expect(lineProblem(planCandidate(multi(true, "t0+ u0+ u1+"), two), "target", [0, 1], 1)).toBe("target 2 samples 0, 1 are already stored");
  });

  it("samples of a model the run does not have are ignored", () => {
    expect(settlementOf(multi(true, "t0+ t1+ t2+ t3- u0- u1- u2- u3-"), math)).toEqual({
      kind: "scored", passes: 3, k: 4, proxy: null, agreement: null, judge: null, models: [{ position: 0, passes: 3, k: 4 }],
    });
  });
});
