import { recordAudit, type Actor } from "@/lib/audit";
import { pool } from "@/lib/db/client";
import { eligibleSql } from "@/lib/candidates/eligible";
import { getDomainBySlug } from "@/lib/domains";
import { AppError, badRequest, conflict, notFound } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/enqueue";
import { getEndpoint } from "@/lib/models/endpoints";
import { poolConditions, unscoredCondition } from "./pool";
import { setRunStatus } from "./run-lifecycle";
import type { TruncatedAs } from "./outcome";
import { insertRunTargets } from "./run-targets";
import { createRunSchema, listRunsSchema, runFiltersSchema, runTargetIds, type CreateRunInput, type ListRunsInput, type RunCounters, type RunFilters, type RunStatus } from "./schema";
import { settingsHash } from "./settings";
import type { ReasoningEffort } from "@/lib/models/protocol";

export * from "./schema";
export { explorationProjection, runFailures, runProgress, type RunFailure } from "./progress";

// Scoring runs: creation (items inserted set-based), state changes, reads. The work itself is
// the `scoring.drive` job (driver.ts) for live runs, or batch files (batch.ts).

export interface RunView extends RunCounters {
  id: number;
  domainId: number;
  /** The domain's slug (URLs, filters); `domainName` is for people. */
  domain: string;
  domainName: string;
  phase: "exploration" | "scaling";
  mode: "live" | "batch";
  status: RunStatus;
  /** The primary target (targetEndpointIds[0]). */
  targetEndpointId: number;
  /** Every target model the run samples, the primary first (one for most runs; issue 15). */
  targetEndpointIds: number[];
  k: number;
  temperature: number;
  maxTokens: number;
  sampleSize: number | null;
  filters: RunFilters;
  teacherEndpointId: number | null;
  teacherK: number | null;
  teacherAgreement: number | null;
  judgeEndpointId: number | null;
  judgeRubric: string | null;
  reasoningEffort: ReasoningEffort | null;
  truncatedAs: TruncatedAs;
  settingsHash: string;
  parentRunId: number | null;
  /** The domain's teachable band when the run was created; null for runs from before it was kept. */
  bandLow: number | null;
  bandHigh: number | null;
  errorMessage: string | null;
  createdBy: string;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

const RUN_COLUMNS = `r.id, r.domain_id as "domainId", d.slug as domain, d.name as "domainName", r.phase::text as phase, r.mode::text as mode,
  r.status::text as status, r.target_endpoint_id as "targetEndpointId",
  array[r.target_endpoint_id] || array(select t.endpoint_id from run_target t where t.run_id = r.id order by t.position) as "targetEndpointIds", r.k, r.temperature, r.max_tokens as "maxTokens",
  r.sample_size as "sampleSize", coalesce(r.filters, '{}'::jsonb) as filters, r.teacher_endpoint_id as "teacherEndpointId",
  r.teacher_k as "teacherK", r.teacher_agreement as "teacherAgreement", r.judge_endpoint_id as "judgeEndpointId",
  r.judge_rubric as "judgeRubric", r.settings_hash as "settingsHash", r.parent_run_id as "parentRunId",
  r.band_low as "bandLow", r.band_high as "bandHigh", r.total,
  r.completed, r.samples, r.sample_errors as "sampleErrors", coalesce(r.errors_by_kind, '{}'::jsonb) as "errorsByKind",
  r.prompt_tokens::float8 as "promptTokens", r.completion_tokens::float8 as "completionTokens", r.cost_usd as "costUsd",
  r.error_message as "errorMessage", r.created_by as "createdBy", r.created_at as "createdAt", r.started_at as "startedAt",
  r.finished_at as "finishedAt", r.reasoning_effort as "reasoningEffort", r.truncated_as as "truncatedAs",
  r.reasoning_tokens::float8 as "reasoningTokens", r.truncated_samples as "truncatedSamples"`;

async function endpointWithRole(id: number, role: "target" | "teacher" | "judge") {
  const e = await getEndpoint(id).catch((err: unknown) => {
    if (err instanceof AppError && err.code === "not_found") throw badRequest(`${role} endpoint #${id} does not exist`);
    throw err;
  });
  if (!e.roles.includes(role)) throw badRequest(`endpoint "${e.name}" is not registered for the ${role} role`);
  return e;
}

/**
 * Not part of the HTTP contract: callers inside lib/ may name the exact candidates a run
 * scores (a snapshot's drift run, docs/decisions/0018) instead of drawing from the pool.
 * Candidates outside the run's domain are ignored; sampleSize and filters do not apply.
 */
export interface CreateRunOptions {
  candidateIds?: number[];
}

/**
 * Create a run and its items in one transaction, then queue the driver. Exploration draws
 * `sampleSize` candidates at random from the filtered pool; scaling takes every candidate of
 * the pool not yet scored under the same settings hash, in id order.
 */
export async function createRun(input: CreateRunInput, actor: Actor, opts: CreateRunOptions = {}): Promise<RunView> {
  const data = createRunSchema.parse(input);
  const domain = await getDomainBySlug(data.domain);
  const targetIds = runTargetIds(data);
  const targets = [];
  for (const id of targetIds) targets.push(await endpointWithRole(id, "target"));
  const target = targets[0];
  const teacher = data.teacherEndpointId ? await endpointWithRole(data.teacherEndpointId, "teacher") : null;
  if (data.judgeEndpointId) await endpointWithRole(data.judgeEndpointId, "judge");
  const hash = settingsHash({
    target,
    otherTargets: targets.slice(1),
    k: data.k,
    temperature: data.temperature,
    maxTokens: data.maxTokens,
    reasoningEffort: data.reasoningEffort,
    truncatedAs: data.truncatedAs,
    teacher: teacher ? { endpoint: teacher, k: data.teacherK, agreement: data.teacherAgreement } : null,
  });

  const client = await pool().connect();
  let runId: number;
  let total: number;
  try {
    await client.query("begin");
    const parent =
      data.phase === "scaling"
        ? (data.parentRunId ??
          (
            await client.query<{ id: number }>(
              `select id from scoring_run where domain_id = $1 and phase = 'exploration' and settings_hash = $2
                order by id desc limit 1`,
              [domain.id, hash],
            )
          ).rows[0]?.id ??
          null)
        : null;
    const { rows } = await client.query<{ id: number }>(
      `insert into scoring_run (domain_id, phase, mode, status, target_endpoint_id, k, temperature, max_tokens, sample_size,
         filters, teacher_endpoint_id, teacher_k, teacher_agreement, judge_endpoint_id, judge_rubric, settings_hash,
         parent_run_id, created_by, started_at, band_low, band_high)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
               (select band_low from domain where id = $1), (select band_high from domain where id = $1)) returning id`,
      [
        domain.id, data.phase, data.mode, data.mode === "batch" ? "running" : "queued", target.id, data.k, data.temperature,
        data.maxTokens, data.phase === "exploration" ? data.sampleSize : null, JSON.stringify(data.filters), teacher?.id ?? null,
        teacher ? data.teacherK : null, teacher ? data.teacherAgreement : null, data.judgeEndpointId ?? null,
        data.judgeEndpointId ? (data.judgeRubric ?? null) : null, hash, parent, actor.email ?? actor.id ?? "unknown",
        data.mode === "batch" ? new Date() : null,
      ],
    );
    runId = rows[0].id;
    await storeReasoningSettings(client, runId, data);
    await insertRunTargets(client, runId, targets.slice(1).map((t) => t.id));
    total = opts.candidateIds
      ? await insertListedItems(client, runId, domain.id, opts.candidateIds)
      : await insertItems(client, runId, domain.id, data.phase, data.filters, hash, data.sampleSize);
    await client.query("update scoring_run set total = $2 where id = $1", [runId, total]);
    if (total === 0) await setRunStatus(client, runId, { from: ["queued", "running"], to: "done" });
    await client.query("commit");
  } catch (err) {
    await client.query("rollback").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
  await recordAudit({
    actor,
    action: "scoring.run.create",
    target: { type: "scoring_run", id: runId },
    details: {
      domain: domain.slug, phase: data.phase, mode: data.mode, total, k: data.k, targetEndpointId: target.id,
      ...(targets.length > 1 ? { targetEndpointIds: targetIds } : {}),
    },
  });
  if (data.mode === "live" && total > 0) await enqueue("scoring.drive", { runId });
  return getRun(runId);
}

/** The run's reasoning settings (issue 15), kept out of the main insert so it stays readable. */
async function storeReasoningSettings(client: import("pg").PoolClient, runId: number, data: { reasoningEffort?: string; truncatedAs: string }) {
  await client.query("update scoring_run set reasoning_effort = $2, truncated_as = $3 where id = $1", [runId, data.reasoningEffort ?? null, data.truncatedAs]);
}

/** An explicit candidate list (CreateRunOptions), in id order, restricted to the run's domain and its eligible candidates. */
async function insertListedItems(client: import("pg").PoolClient, runId: number, domainId: number, ids: number[]): Promise<number> {
  const res = await client.query(
    `insert into run_item (run_id, candidate_id, seq)
     select $1, c.id, row_number() over (order by c.id) from candidate c
      where c.domain_id = $2 and c.id = any($3::int[]) and ${eligibleSql("c")}`,
    [runId, domainId, ids],
  );
  return res.rowCount ?? 0;
}

async function insertItems(
  client: import("pg").PoolClient,
  runId: number,
  domainId: number,
  phase: "exploration" | "scaling",
  filters: RunFilters,
  hash: string,
  sampleSize: number | undefined,
): Promise<number> {
  const params: unknown[] = [runId];
  const where = poolConditions(domainId, filters, params);
  // Exploration: a uniform random sample, claimed in that random order. Scaling: id order
  // (stable, and the candidate index walks it sequentially).
  const sql =
    phase === "exploration"
      ? `insert into run_item (run_id, candidate_id, seq)
         select $1, id, row_number() over () from
           (select c.id from candidate c where ${where} order by random() limit $${params.push(sampleSize)}) s`
      : `insert into run_item (run_id, candidate_id, seq)
         select $1, c.id, row_number() over (order by c.id) from candidate c
          where ${where} and ${unscoredCondition(hash, params)}`;
  const res = await client.query(sql, params);
  return res.rowCount ?? 0;
}

export async function getRun(id: number): Promise<RunView> {
  const { rows } = await pool().query<RunView>(
    `select ${RUN_COLUMNS} from scoring_run r join domain d on d.id = r.domain_id where r.id = $1`,
    [id],
  );
  if (!rows[0]) throw notFound(`Scoring run #${id}`);
  return { ...rows[0], filters: runFiltersSchema.parse(rows[0].filters) };
}

/** Newest first, keyset-paginated by id; `domainIds` (a reviewer's domains) keeps those domains' runs. */
export async function listRuns(input: ListRunsInput = {}, opts: { domainIds?: number[] | null } = {}): Promise<{ items: RunView[]; nextCursor: number | null }> {
  const f = listRunsSchema.parse(input);
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  const cond: string[] = [];
  if (opts.domainIds) cond.push(`r.domain_id = any(${p(opts.domainIds)}::int[])`);
  if (f.domain) cond.push(`d.slug = ${p(f.domain)}`);
  if (f.status) cond.push(`r.status = ${p(f.status)}::"RunStatus"`);
  if (f.cursor) cond.push(`r.id < ${p(f.cursor)}`);
  const { rows } = await pool().query<RunView>(
    `select ${RUN_COLUMNS} from scoring_run r join domain d on d.id = r.domain_id
      ${cond.length ? `where ${cond.join(" and ")}` : ""} order by r.id desc limit ${p(f.limit + 1)}`,
    params,
  );
  const more = rows.length > f.limit;
  const items = (more ? rows.slice(0, f.limit) : rows).map((r) => ({ ...r, filters: runFiltersSchema.parse(r.filters) }));
  return { items, nextCursor: more ? items[items.length - 1].id : null };
}

/** A person's state change, through the lifecycle's guarded setter; `from` lists the states it may leave. */
async function transition(id: number, from: RunStatus[], to: RunStatus, actor: Actor, action: "paused" | "resumed" | "cancelled"): Promise<RunView> {
  const run = await getRun(id);
  if (!(await setRunStatus(pool(), id, { from, to }))) throw conflict(`Run #${id} is ${run.status}; it cannot be ${action}`);
  await recordAudit({ actor, action: `scoring.run.${action}`, target: { type: "scoring_run", id }, details: { from: run.status } });
  return getRun(id);
}

/**
 * Stop now: the driver aborts the requests in flight (within its status poll) and leased items
 * are given back at once; what was answered and written before the pause is kept.
 */
export const pauseRun = (id: number, actor: Actor) => transition(id, ["queued", "running"], "paused", actor, "paused");

export async function resumeRun(id: number, actor: Actor): Promise<RunView> {
  const run = await transition(id, ["paused"], "running", actor, "resumed");
  if (run.mode === "live") await enqueue("scoring.drive", { runId: id });
  return run;
}

/** Final, and stops like a pause: pending candidates stay unscored; samples already written are kept. */
export const cancelRun = (id: number, actor: Actor) =>
  transition(id, ["queued", "running", "paused"], "cancelled", actor, "cancelled");

/**
 * Queue a driver for every live run still queued or running. Called at worker start: a
 * worker that was killed leaves its runs "running" with nobody driving them; their leases
 * run out and the new driver picks the items up again.
 */
export async function requeueRunningRuns(): Promise<number[]> {
  const { rows } = await pool().query<{ id: number }>(
    `select id from scoring_run where mode = 'live' and status in ('queued', 'running') order by id`,
  );
  for (const r of rows) await enqueue("scoring.drive", { runId: r.id });
  return rows.map((r) => r.id);
}
