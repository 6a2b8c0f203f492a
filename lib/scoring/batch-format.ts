import { z } from "zod";

// OpenAI Batch file lines (vLLM's run_batch reads and writes the same format). The custom_id
// carries everything needed to file an answer: run, candidate, role and the sample indices
// the request's n choices fill, in order — "ew:12:345:target:0-7" or "ew:12:345:target:2,5-7".
// A run with several target models (issue 15) names the others by position: "ew:12:345:target@1:0-7"
// (the primary stays plain "target", so files of single-target runs read as they always did).

export type BatchRole = "target" | "teacher" | "judge";

export interface RequestKey {
  runId: number;
  candidateId: number;
  role: BatchRole;
  /** Target lines: which of the run's target models (0 / absent: the primary). */
  targetPosition?: number;
  indices: number[];
}

function encodeIndices(indices: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < indices.length; ) {
    let j = i;
    while (j + 1 < indices.length && indices[j + 1] === indices[j] + 1) j++;
    parts.push(i === j ? String(indices[i]) : `${indices[i]}-${indices[j]}`);
    i = j + 1;
  }
  return parts.join(",");
}

const MAX_INDICES = 1024;

function decodeIndices(text: string): number[] | null {
  const out: number[] = [];
  for (const part of text.split(",")) {
    const m = /^(\d{1,4})(?:-(\d{1,4}))?$/.exec(part);
    if (!m) return null;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from || out.length + (to - from + 1) > MAX_INDICES) return null;
    for (let i = from; i <= to; i++) out.push(i);
  }
  return out.length && new Set(out).size === out.length ? out : null;
}

export function encodeCustomId(k: RequestKey): string {
  const role = k.role === "target" && k.targetPosition ? `target@${k.targetPosition}` : k.role;
  return `ew:${k.runId}:${k.candidateId}:${role}:${encodeIndices(k.indices)}`;
}

/** Null for an id Edgewise did not write. */
export function decodeCustomId(id: string): RequestKey | null {
  const m = /^ew:(\d{1,10}):(\d{1,10}):(target|teacher|judge)(?:@(\d{1,2}))?:([\d,-]+)$/.exec(id);
  if (!m || (m[4] !== undefined && m[3] !== "target")) return null;
  const indices = decodeIndices(m[5]);
  const position = m[4] === undefined ? 0 : Number(m[4]);
  if (!indices || (m[4] !== undefined && position === 0)) return null; // "target@0" is spelled "target"
  return { runId: Number(m[1]), candidateId: Number(m[2]), role: m[3] as BatchRole, ...(position > 0 ? { targetPosition: position } : {}), indices };
}

/** One output line; fields we do not read are allowed and ignored. */
export const batchOutputLineSchema = z.object({
  custom_id: z.string(),
  response: z
    .object({
      status_code: z.number().int(),
      body: z
        .object({
          choices: z.array(z.object({ message: z.object({ content: z.string().nullish() }).passthrough().nullish() }).passthrough()).default([]),
          usage: z.object({ prompt_tokens: z.number().nullish(), completion_tokens: z.number().nullish() }).passthrough().nullish(),
        })
        .passthrough()
        .nullish(),
    })
    .passthrough()
    .nullish(),
  error: z.unknown().nullish(),
});
export type BatchOutputLine = z.infer<typeof batchOutputLineSchema>;

/** Why a line carries no answers, or null when it does. */
export function lineFailure(l: BatchOutputLine): string | null {
  if (l.error) {
    const e = l.error as { message?: unknown; code?: unknown };
    return `error: ${typeof e.message === "string" ? e.message : JSON.stringify(l.error).slice(0, 200)}`;
  }
  if (!l.response) return "no response";
  if (l.response.status_code !== 200) {
    const body = l.response.body as { error?: { message?: string } } | null | undefined;
    return `status ${l.response.status_code}${body?.error?.message ? `: ${body.error.message}` : ""}`;
  }
  return null;
}
