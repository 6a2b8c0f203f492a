import { getDomainBySlug } from "@/lib/domains";
import type { ThinkTags } from "@/lib/models/completion";
import { getEndpoint, sendsSeveralSamples, tokenParamOf, sendsTemperature, type TokenParam } from "@/lib/models/endpoints";
import { getRun, type RunView } from "./runs";

// Everything a driver or a batch import needs to know about a run, loaded once.

export interface EndpointInfo {
  id: number;
  model: string;
  baseUrl: string;
  maxConcurrent: number;
  /** USD per 1M tokens. */
  priceInput: number;
  priceOutput: number;
  /** How its answers mark thinking, and what its requests may carry (batch files are written to match). */
  think: ThinkTags;
  severalSamplesPerRequest: boolean;
  tokenParam: TokenParam;
  sendsTemperature: boolean;
  /** False once the endpoint refused reasoning_effort (not a reasoning model). */
  takesReasoningEffort: boolean;
}

export type AnswerKind = "math" | "mcq" | "exact" | "code" | "none";

export interface RunContext {
  run: RunView;
  domainId: number;
  kind: AnswerKind;
  /** The primary target (targets[0]). */
  target: EndpointInfo;
  /** Every target model of the run in position order; [0] is the primary (issue 15). */
  targets: EndpointInfo[];
  teacher: EndpointInfo | null;
  judge: EndpointInfo | null;
}

async function endpointInfo(id: number): Promise<EndpointInfo> {
  const e = await getEndpoint(id);
  const p = e.protocol;
  return {
    id: e.id, model: e.model, baseUrl: e.baseUrl, maxConcurrent: e.maxConcurrent, priceInput: e.priceInput, priceOutput: e.priceOutput,
    think: { open: p.thinkOpen, close: p.thinkClose }, severalSamplesPerRequest: sendsSeveralSamples(p), tokenParam: tokenParamOf(p), sendsTemperature: sendsTemperature(p),
    takesReasoningEffort: !p.learned.noReasoningEffort,
  };
}

export async function loadRunContext(runId: number): Promise<RunContext> {
  const run = await getRun(runId);
  const domain = await getDomainBySlug(run.domain);
  const targets = await Promise.all(run.targetEndpointIds.map(endpointInfo));
  return {
    run,
    domainId: domain.id,
    kind: domain.answerKind as AnswerKind,
    target: targets[0],
    targets,
    teacher: run.teacherEndpointId ? await endpointInfo(run.teacherEndpointId) : null,
    judge: run.judgeEndpointId ? await endpointInfo(run.judgeEndpointId) : null,
  };
}
