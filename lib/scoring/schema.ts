import { z } from "zod";
import { stages } from "@/lib/candidates/queries";
import { dbId } from "@/lib/db/ids";
import { slugSchema } from "@/lib/domains";
import { reasoningEfforts } from "@/lib/models/protocol";
import { TRUNCATED_AS } from "./outcome";

// Inputs of the scoring actions, parsed at every edge (routes, CLI, jobs) with these schemas.

const blank = z.literal("").transform(() => undefined);
const optionalText = (max: number) => z.string().trim().min(1).max(max).optional().or(blank);
const id = dbId;
const optionalId = id.optional().or(blank).or(z.null().transform(() => undefined));

/** Which candidates of the domain a run considers (the same meaning as the candidate browser's filters). */
export const runFiltersSchema = z.object({
  stage: z.enum(stages).optional().or(blank),
  source: optionalText(200),
  batchId: optionalId,
  q: optionalText(200),
});
export type RunFilters = z.infer<typeof runFiltersSchema>;

export const runPhases = ["exploration", "scaling"] as const;
export const runModes = ["live", "batch"] as const;
export const runStatuses = ["queued", "running", "paused", "cancelled", "done", "failed"] as const;
export type RunStatus = (typeof runStatuses)[number];

/** Reasoning models (issue 15): reasoning_effort sent with every sampling request, and how a sample cut off at max tokens counts. */
const reasoningRunFields = {
  reasoningEffort: z.enum(reasoningEfforts).optional().or(blank).or(z.null().transform(() => undefined)),
  truncatedAs: z.enum(TRUNCATED_AS).default("wrong"),
};

/** Target models one run may sample (the primary and the ones to compare it with). */
export const MAX_RUN_TARGETS = 8;

export const createRunSchema = z
  .object({
    domain: slugSchema,
    /** The primary target (the model being trained). Optional when `targetEndpointIds` is given. */
    targetEndpointId: optionalId,
    /**
     * Several target models (issue 15): each candidate gets k samples and a pass rate from
     * each; the first is the primary. With `targetEndpointId` too, the list must start with it.
     */
    targetEndpointIds: z.array(id).min(1).max(MAX_RUN_TARGETS).optional(),
    phase: z.enum(runPhases).default("exploration"),
    /** Exploration: how many candidates to draw at random. */
    sampleSize: z.coerce.number().int().min(1).max(10_000_000).optional(),
    k: z.coerce.number().int().min(1).max(128).default(8),
    temperature: z.coerce.number().min(0).max(2).default(1),
    maxTokens: z.coerce.number().int().min(1).max(262_144).default(1024),
    filters: runFiltersSchema.default({}),
    /** For candidates without a reference: the teacher's plurality answer becomes the proxy. */
    teacherEndpointId: optionalId,
    teacherK: z.coerce.number().int().min(1).max(128).default(8),
    /** Share of teacher answers that must agree for the plurality to be trusted. */
    teacherAgreement: z.coerce.number().gt(0).max(1).default(0.5),
    judgeEndpointId: optionalId,
    judgeRubric: z.string().trim().max(4000).optional().or(blank),
    mode: z.enum(runModes).default("live"),
    /** Scaling: the exploration run it continues (default: the latest with the same settings). */
    parentRunId: optionalId,
    ...reasoningRunFields,
  })
  .refine((r) => r.phase !== "exploration" || r.sampleSize !== undefined, {
    message: "an exploration run needs a sample size",
    path: ["sampleSize"],
  })
  .refine((r) => r.targetEndpointId !== undefined || r.targetEndpointIds !== undefined, {
    message: "pick a target endpoint",
    path: ["targetEndpointId"],
  })
  .refine((r) => !r.targetEndpointIds || new Set(r.targetEndpointIds).size === r.targetEndpointIds.length, {
    message: "each target endpoint may be listed once",
    path: ["targetEndpointIds"],
  })
  .refine((r) => !r.targetEndpointIds || r.targetEndpointId === undefined || r.targetEndpointIds[0] === r.targetEndpointId, {
    message: "the list of target endpoints must start with the primary target",
    path: ["targetEndpointIds"],
  });

/** The run's target endpoints in position order (the primary first). */
export const runTargetIds = (r: Pick<CreateRunData, "targetEndpointId" | "targetEndpointIds">): number[] =>
  r.targetEndpointIds ?? [r.targetEndpointId!];
export type CreateRunInput = z.input<typeof createRunSchema>;
export type CreateRunData = z.infer<typeof createRunSchema>;

export const listRunsSchema = z.object({
  domain: optionalText(40),
  status: z.enum(runStatuses).optional().or(blank),
  /** Older page: runs with ids below this one. */
  cursor: optionalId,
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListRunsInput = z.input<typeof listRunsSchema>;

export const runIdSchema = z.object({ runId: id });

/** The running totals a run keeps (scoring_run counters, bumped once per written batch). */
export interface RunCounters {
  total: number;
  /** Items settled (done + failed). */
  completed: number;
  /** Stored samples that are not errors (all roles). */
  samples: number;
  sampleErrors: number;
  /** {"rate_limited": 3, "malformed": 1, …}, per sample. */
  errorsByKind: Record<string, number>;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  /** Of completionTokens, spent on reasoning. */
  reasoningTokens: number;
  /** Target and teacher samples that hit max tokens (finish_reason "length"). */
  truncatedSamples: number;
}
