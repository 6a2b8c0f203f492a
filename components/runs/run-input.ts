// The form's strings and numbers → the body POST /api/runs expects (createRunSchema in
// lib/scoring/schema): blank selects are left out, teacher/judge settings only with an endpoint.

import type { ReasoningValues } from "./reasoning-fields";

export interface RunFormValues extends ReasoningValues {
  domain: string;
  targetEndpointId: string;
  /** Target models sampled beside the primary (issue 15); each gets k samples and its own pass rate. */
  otherTargetIds: string[];
  phase: "exploration" | "scaling";
  sampleSize: number;
  k: number;
  temperature: number;
  maxTokens: number;
  mode: "live" | "batch";
  teacherEndpointId: string;
  teacherK: number;
  teacherAgreement: number;
  judgeEndpointId: string;
  judgeRubric: string;
  stage: string;
  source: string;
  batchId: string;
}

const id = (s: string) => (s ? Number(s) : undefined);

/** The other targets as ids, without the primary (a model picked as both is sampled once). */
const otherTargets = (v: RunFormValues) => (v.otherTargetIds ?? []).filter((x) => x && x !== v.targetEndpointId).map(Number);

export function runInput(v: RunFormValues) {
  const filters = { stage: v.stage || undefined, source: v.source.trim() || undefined, batchId: id(v.batchId) };
  return {
    domain: v.domain,
    targetEndpointId: Number(v.targetEndpointId),
    targetEndpointIds: otherTargets(v).length ? [Number(v.targetEndpointId), ...otherTargets(v)] : undefined,
    phase: v.phase,
    mode: v.mode,
    sampleSize: v.phase === "exploration" ? v.sampleSize : undefined,
    k: v.k,
    temperature: v.temperature,
    maxTokens: v.maxTokens,
    reasoningEffort: v.reasoningEffort || undefined,
    truncatedAs: v.truncatedAs,
    teacherEndpointId: id(v.teacherEndpointId),
    teacherK: v.teacherEndpointId ? v.teacherK : undefined,
    teacherAgreement: v.teacherEndpointId ? v.teacherAgreement : undefined,
    judgeEndpointId: id(v.judgeEndpointId),
    judgeRubric: v.judgeEndpointId ? v.judgeRubric.trim() || undefined : undefined,
    filters: Object.values(filters).some((x) => x !== undefined) ? filters : undefined,
  };
}
