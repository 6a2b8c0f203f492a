import { getDomainBySlug } from "@/lib/domains";
import { getEndpoint } from "@/lib/models/endpoints";
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
  return { id: e.id, model: e.model, baseUrl: e.baseUrl, maxConcurrent: e.maxConcurrent, priceInput: e.priceInput, priceOutput: e.priceOutput };
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
