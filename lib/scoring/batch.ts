import { once } from "node:events";
import type { Writable } from "node:stream";
import { recordAudit, type Actor } from "@/lib/audit";
import { pool } from "@/lib/db/client";
import { conflict } from "@/lib/errors";
import { readChoice, readUsage } from "@/lib/models/completion";
import { learnFromBatchError } from "@/lib/models/lessons";
import { wireFields, DEFAULT_PROTOCOL } from "@/lib/models/protocol";
import { loadRunContext, type EndpointInfo, type RunContext } from "./context";
import type { ReasoningEffort } from "@/lib/models/protocol";
import { batchOutputLineSchema, decodeCustomId, encodeCustomId, lineFailure, type BatchOutputLine, type RequestKey } from "./batch-format";
import { isFinalRunStatus } from "./run-lifecycle";
import { finishIfComplete, recordAndSettle, sampleKey, type SampleRow } from "./record";
import { lineProblem, planCandidate, planSettingsOf, storedIndices } from "./plan";
import {
  answerMessages, judgeRequestFor, judgeRowFrom, loadWorkItems, NO_REFERENCE, referenceFor, rowsFromChoices, type WorkItem,
} from "./work";

// The offline path: export what a run still needs as an OpenAI Batch input file, ingest the
// output file. Ingest goes through the same verify → insert → settle code as the live
// driver (record.ts, work.ts), so pass rates are the same whichever way samples arrived.
// Both stream: memory is bounded by one page of candidates / one chunk of lines.

const PAGE = 500;
const CHUNK_LINES = 500;

export interface ExportReport {
  runId: number;
  lines: number;
  requests: { target: number; teacher: number; judge: number };
  /** Samples asked for (sum of n). */
  samples: number;
  /** Candidates that needed nothing more and were settled on the way (no reference, no teacher). */
  settled: number;
}

interface BatchRequestLine {
  custom_id: string;
  method: "POST";
  url: "/v1/chat/completions";
  body: { model: string; messages: { role: string; content: string }[]; n?: number; temperature?: number; max_tokens?: number; max_completion_tokens?: number; reasoning_effort?: string };
}

/**
 * The sampling fields as the endpoint takes them (lib/models/protocol.ts): its token-limit
 * parameter, a temperature only if it takes one, reasoning_effort when the run sets it.
 */
function bodyFor(e: EndpointInfo, o: { n: number; temperature: number; maxTokens: number; reasoningEffort?: string | null }) {
  const protocol = {
    ...DEFAULT_PROTOCOL, samplesPerRequest: "k" as const, tokenParam: e.tokenParam, temperatureMode: e.sendsTemperature ? ("send" as const) : ("omit" as const),
  };
  const effort = e.takesReasoningEffort ? (o.reasoningEffort as ReasoningEffort | null | undefined) : null;
  return wireFields(protocol, { ...o, reasoningEffort: effort });
}

/** What one candidate still needs (its plan's next step), as request lines: none when it is ready to settle. */
function requestsFor(ctx: RunContext, item: WorkItem): BatchRequestLine[] {
  const line = (key: Omit<RequestKey, "runId">, model: string, body: Omit<BatchRequestLine["body"], "model">): BatchRequestLine => ({
    custom_id: encodeCustomId({ runId: ctx.run.id, ...key }),
    method: "POST",
    url: "/v1/chat/completions",
    body: { model, ...body },
  });
  // An endpoint that takes one sample per request (set, or learned from a 400) gets n = 1 lines.
  // Models after the primary are named by their position in the custom_id (target@N).
  const sampling = (role: "target" | "teacher", e: EndpointInfo, indices: number[], position = 0) =>
    (e.severalSamplesPerRequest ? [indices] : indices.map((i) => [i])).map((group) =>
      line({ candidateId: item.candidateId, role, ...(position > 0 ? { targetPosition: position } : {}), indices: group }, e.model, {
        messages: answerMessages(item.prompt),
        ...bodyFor(e, { n: group.length, temperature: ctx.run.temperature, maxTokens: ctx.run.maxTokens, reasoningEffort: ctx.run.reasoningEffort }),
      }),
    );
  const plan = planCandidate(item.state, planSettingsOf(ctx));
  switch (plan.next) {
    case "teacher":
      return sampling("teacher", ctx.teacher!, plan.indices);
    case "target":
      // One line (or n = 1 lines) per target model still missing samples.
      return plan.targets.flatMap((t) => sampling("target", ctx.targets[t.position], t.indices, t.position));
    case "judge": {
      if (!item.judgeResponse) return [];
      const req = judgeRequestFor(ctx, item, referenceFor(ctx, item, plan.reference), item.judgeResponse.text);
      return [line({ candidateId: item.candidateId, role: "judge", indices: [0] }, ctx.judge!.model, { messages: req.messages, ...bodyFor(ctx.judge!, { n: 1, temperature: req.temperature, maxTokens: req.maxTokens }) })];
    }
    case "settle":
      return [];
  }
}

/**
 * The run a batch file is exported from or ingested into, refused (409) unless it is a batch
 * run still taking samples: a live run samples through its own driver, and a finished run's
 * pass rates are final (issue 8: a forged file once added 100 samples to a finished live run).
 */
export async function openBatchRun(runId: number): Promise<RunContext> {
  const ctx = await loadRunContext(runId);
  const refusal = batchRefusal(ctx.run);
  if (refusal) throw conflict(refusal);
  return ctx;
}

/**
 * Why a run takes no batch files, or null. There is deliberately no `--force`: a live run's
 * driver claims the same items (a file exported beside it pays for every sample twice), and a
 * cancelled run released its items for good; both messages say what to do instead.
 */
export function batchRefusal(run: { id: number; mode: string; status: string }): string | null {
  if (run.mode !== "batch") {
    return `Run #${run.id} is a live run: it samples through its endpoint, not through batch files (start a batch run to score through files)`;
  }
  if (isFinalRunStatus(run.status)) {
    return `Run #${run.id} is ${run.status}: it takes no more samples` + (run.status === "cancelled" ? " (continue it as a new batch run to score the rest)" : "");
  }
  return null;
}

/**
 * Why a line's key cannot be filed into this run, or null. Every line must name the run it is
 * uploaded to, and only sample indices the run asked for: [0, k) for the target, [0, k_t) for
 * the teacher, [0] for the judge, and only roles the run has.
 */
export function keyProblem(ctx: RunContext, key: RequestKey): string | null {
  const run = ctx.run;
  if (key.runId !== run.id) return `belongs to run #${key.runId}, not run #${run.id}`;
  const limit = key.role === "target" ? run.k : key.role === "teacher" ? (ctx.teacher ? (run.teacherK ?? 0) : 0) : ctx.judge ? 1 : 0;
  if (limit === 0) return `run #${run.id} has no ${key.role} model`;
  const position = key.targetPosition ?? 0;
  if (position >= ctx.targets.length) return `run #${run.id} has ${ctx.targets.length} target model${ctx.targets.length === 1 ? "" : "s"}; there is no target ${position + 1}`;
  const outside = key.indices.filter((i) => i >= limit);
  if (outside.length) return `${key.role} sample indices must lie in 0-${limit - 1} (this run's ${key.role === "judge" ? "single judge call" : key.role === "teacher" ? "k_t" : "k"}); got ${outside.slice(0, 3).join(", ")}${outside.length > 3 ? ", …" : ""}`;
  return null;
}

/**
 * Write OpenAI Batch input lines for everything the run still needs. Teacher answers come
 * first for candidates without a reference (export again after importing them to get their
 * target requests), judge requests once target samples are in.
 */
export async function writeBatchRequests(runId: number, out: Writable): Promise<ExportReport> {
  const ctx = await openBatchRun(runId);
  const report: ExportReport = { runId, lines: 0, requests: { target: 0, teacher: 0, judge: 0 }, samples: 0, settled: 0 };
  let lastSeq = 0;
  for (;;) {
    const { rows } = await pool().query<{ candidate_id: number; seq: number }>(
      `select candidate_id, seq from run_item where run_id = $1 and status = 'pending' and seq > $2 order by seq limit $3`,
      [runId, lastSeq, PAGE],
    );
    if (rows.length === 0) break;
    lastSeq = rows[rows.length - 1].seq;
    const items = await loadWorkItems(ctx, pool(), rows.map((r) => r.candidate_id));
    const nothingNeeded: number[] = [];
    let text = "";
    for (const item of items) {
      const lines = requestsFor(ctx, item);
      if (lines.length === 0) nothingNeeded.push(item.candidateId);
      for (const l of lines) {
        text += JSON.stringify(l) + "\n";
        report.lines++;
        report.requests[decodeCustomId(l.custom_id)!.role]++;
        report.samples += l.body.n ?? 1;
      }
    }
    if (nothingNeeded.length) report.settled += (await recordAndSettle(ctx, [], nothingNeeded)).done;
    if (text && !out.write(text)) await once(out, "drain");
  }
  await finishIfComplete(runId);
  return report;
}

export interface IngestProblem {
  line: number;
  customId: string | null;
  reason: string;
}

export interface IngestReport {
  lines: number;
  /** Lines whose answers were stored (at least one new sample). */
  accepted: number;
  samples: number;
  /** Not an Edgewise custom_id, or a candidate not in the run. */
  unknown: number;
  /** Refused: another run's custom_id, sample indices outside the run's k / k_t, a role it lacks. */
  rejected: number;
  /** Every sample the line carries is already stored (a repeated line or a re-imported file). */
  duplicates: number;
  /** Error lines (error object or non-200 status) and unreadable lines. */
  errors: number;
  settled: number;
  runs: number[];
  /** The first 1,000 problems, by line number. */
  problems: IngestProblem[];
}

const MAX_PROBLEMS = 1000;

interface ParsedLine {
  line: number;
  key: RequestKey;
  body: NonNullable<NonNullable<BatchOutputLine["response"]>["body"]>;
}

/**
 * Ingest OpenAI Batch / vLLM run_batch output lines into one batch run (openBatchRun): verify,
 * store samples, settle exactly as a live run would. Unknown, foreign or duplicate custom_ids
 * and error lines are reported, not fatal; an error line stores nothing, so the next export
 * asks for those samples again.
 */
export async function ingestBatchOutput(runId: number, input: AsyncIterable<string>, actor: Actor): Promise<IngestReport> {
  // Start iterating before the first await: a readline interface emits lines as soon as its
  // stream flows, and lines emitted before anyone listens are lost (the loop then waits forever).
  const startedAt = performance.now(); // the upload starts here: the file is read as it arrives
  const iterator = input[Symbol.asyncIterator]();
  const lines = { [Symbol.asyncIterator]: () => iterator };
  const ctx = await openBatchRun(runId).catch(async (err: unknown) => {
    await iterator.return?.();
    throw err;
  });
  const report: IngestReport = { lines: 0, accepted: 0, samples: 0, unknown: 0, rejected: 0, duplicates: 0, errors: 0, settled: 0, runs: [runId], problems: [] };
  const problem = (line: number, customId: string | null, reason: string) => {
    if (report.problems.length < MAX_PROBLEMS) report.problems.push({ line, customId, reason });
  };
  let chunk: ParsedLine[] = [];
  const flush = async () => {
    const lines = chunk;
    chunk = [];
    if (lines.length) await ingestRunChunk(ctx, lines, report, problem);
  };

  for await (const raw of lines) {
    report.lines++;
    const text = raw.trim();
    if (!text) continue;
    let parsed: BatchOutputLine;
    try {
      const r = batchOutputLineSchema.safeParse(JSON.parse(text));
      if (!r.success) throw new Error("not a batch output line");
      parsed = r.data;
    } catch (err) {
      report.errors++;
      problem(report.lines, null, (err as Error).message.startsWith("not a") ? "not a batch output line" : "invalid JSON");
      continue;
    }
    const key = decodeCustomId(parsed.custom_id);
    if (!key) {
      report.unknown++;
      problem(report.lines, parsed.custom_id, "not an Edgewise custom_id");
      continue;
    }
    const refused = keyProblem(ctx, key);
    if (refused) {
      report.rejected++;
      problem(report.lines, parsed.custom_id, refused);
      continue;
    }
    const failure = lineFailure(parsed);
    if (failure) {
      report.errors++;
      const lesson = await lessonFromLine(ctx, key, parsed);
      problem(report.lines, parsed.custom_id, lesson ? `${failure} (learned: ${lesson}; export again for requests it takes)` : failure);
      continue;
    }
    chunk.push({ line: report.lines, key, body: parsed.response!.body ?? { choices: [] } });
    if (chunk.length >= CHUNK_LINES) await flush();
  }
  await flush();
  await finishIfComplete(runId);
  await recordAudit({
    actor,
    action: "scoring.batch.import",
    target: { type: "scoring_run", id: runId },
    // ms: upload start → ingest end. A batch run's throughput is measured over the sum of these
    // (progress.ts), not over the hours between export and the provider's file.
    details: { lines: report.lines, samples: report.samples, unknown: report.unknown, rejected: report.rejected, duplicates: report.duplicates, errors: report.errors, ms: Math.round(performance.now() - startedAt) },
  });
  return report;
}

/** One run's lines of a chunk: teacher answers first, so targets can use the proxy, then targets, then the judge. */
async function ingestRunChunk(ctx: RunContext, parsed: ParsedLine[], report: IngestReport, problem: (line: number, id: string | null, reason: string) => void) {
  const { rows: members } = await pool().query<{ candidate_id: number }>(
    "select candidate_id from run_item where run_id = $1 and candidate_id = any($2::int[])",
    [ctx.run.id, [...new Set(parsed.map((p) => p.key.candidateId))]],
  );
  const inRun = new Set(members.map((m) => m.candidate_id));
  const known = parsed.filter((p) => {
    if (inRun.has(p.key.candidateId)) return true;
    report.unknown++;
    problem(p.line, encodeCustomId(p.key), `candidate #${p.key.candidateId} is not in run #${ctx.run.id}`);
    return false;
  });
  const touched = [...new Set(known.map((p) => p.key.candidateId))];
  // One phase per step of the plan, each seeing what the one before stored: targets verify
  // against the proxy the teacher lines just gave, the judge follows complete targets.
  for (const role of ["teacher", "target", "judge"] as const) {
    const lines = known.filter((p) => p.key.role === role);
    if (lines.length === 0) continue;
    const items = new Map((await loadWorkItems(ctx, pool(), [...new Set(lines.map((l) => l.key.candidateId))])).map((i) => [i.candidateId, i]));
    const perLine: { p: ParsedLine; rows: SampleRow[] }[] = [];
    for (const p of lines) {
      const item = items.get(p.key.candidateId);
      if (!item) continue;
      const rows = await rowsForLine(ctx, item, p);
      if (rows === DUPLICATE) {
        report.duplicates++;
        problem(p.line, encodeCustomId(p.key), "duplicate: these samples are already stored");
      } else if (typeof rows === "string") {
        report.errors++;
        problem(p.line, encodeCustomId(p.key), rows);
      } else perLine.push({ p, rows });
    }
    // Settling after each phase: a candidate whose teacher disagreed is complete (unverifiable)
    // after the first; one still missing samples is simply left pending.
    const { inserted, done, failed } = await recordAndSettle(ctx, perLine.flatMap((l) => l.rows), touched);
    report.settled += done + failed;
    report.samples += inserted.size;
    for (const { p, rows } of perLine) {
      // A key inserted once is credited to the first line that carried it.
      const mine = rows.filter((r) => inserted.delete(sampleKey(r)));
      if (mine.length) report.accepted++;
      else {
        report.duplicates++;
        problem(p.line, encodeCustomId(p.key), "duplicate: these samples are already stored");
      }
    }
  }
}

/**
 * A provider's 400 line that names a parameter the endpoint's protocol can change (n, the token
 * limit, temperature, reasoning_effort): learned as the live gateway would, so the next export
 * writes requests the endpoint takes. The sent body is rebuilt the way this export wrote it.
 */
async function lessonFromLine(ctx: RunContext, key: RequestKey, l: BatchOutputLine): Promise<string | null> {
  const status = l.response?.status_code;
  const error = (l.response?.body as { error?: { message?: unknown; param?: unknown } } | null | undefined)?.error;
  const endpoint = key.role === "target" ? ctx.target : key.role === "teacher" ? ctx.teacher : ctx.judge;
  if (!endpoint || status === undefined || typeof error?.message !== "string") return null;
  const sent = bodyFor(endpoint, { n: key.indices.length, temperature: ctx.run.temperature, maxTokens: ctx.run.maxTokens, reasoningEffort: ctx.run.reasoningEffort });
  return learnFromBatchError(endpoint.id, sent, { status, param: typeof error.param === "string" ? error.param : null, message: error.message });
}

const DUPLICATE = Symbol("duplicate");

/**
 * Sample rows for one line's choices, or why it has none usable. A line must fill the step the
 * candidate's plan is at (plan.ts): teacher answers before a proxy exists, target samples once
 * the reference is known, the judge once the target samples are in.
 */
async function rowsForLine(ctx: RunContext, item: WorkItem, p: ParsedLine): Promise<SampleRow[] | string | typeof DUPLICATE> {
  const { role, indices } = p.key;
  const position = p.key.targetPosition ?? 0;
  // Choices are read as the live gateway reads them (thinking apart, refusals, finish reasons).
  const endpoint = role === "target" ? ctx.targets[position] : role === "teacher" ? ctx.teacher : ctx.judge;
  const choices = p.body.choices.map((c) => readChoice(c, endpoint?.think)).filter((c) => c !== null);
  if (choices.length === 0) return "no choices with content";
  const stored = storedIndices(item.state, role, position);
  if (indices.every((i) => stored.has(i))) return DUPLICATE;
  const plan = planCandidate(item.state, planSettingsOf(ctx));
  const refused = lineProblem(plan, role, indices, position);
  if (refused) return refused;
  // A file without usage is billed at nothing, as before; reasoning tokens are read when present.
  const counted = readUsage(p.body.usage, "", choices);
  const usage = {
    promptTokens: p.body.usage?.prompt_tokens ?? 0, completionTokens: p.body.usage?.completion_tokens == null ? 0 : counted.completionTokens,
    reasoningTokens: counted.reasoningTokens, latencyMs: 0,
  };
  switch (plan.next) {
    case "judge":
      return [judgeRowFrom(item, choices[0], usage)];
    case "teacher":
      return rowsFromChoices(ctx, item, "teacher", indices, choices, usage, NO_REFERENCE);
    case "target":
      return rowsFromChoices(ctx, item, "target", indices, choices, usage, referenceFor(ctx, item, plan.reference), position);
    default:
      return "nothing to store"; // lineProblem refuses every line of a settled candidate
  }
}
