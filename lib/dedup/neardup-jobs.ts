import type { Actor } from "@/lib/audit";
import { pool } from "@/lib/db/client";
import { getDomainBySlug } from "@/lib/domains";
import { updateDomain } from "@/lib/scoring/domain-update";
import { notFound } from "@/lib/errors";
import { enqueue, jobAlive } from "@/lib/jobs/enqueue";
import type { NearDupScope, NearDupSummary } from "./neardup-pass";
import { setPassStatus, type PassStatus } from "./pass-lifecycle";

// Near-duplicate passes as jobs: one after each import (its candidates against the whole
// pool), and on demand for a domain (the domain page, POST /api/dedup/neardup, the CLI).
// Queueing and reading only: running a pass is run.ts, which the web server never imports
// (its hashing threads are no part of the web bundle).

export interface PassView {
  id: number;
  domainId: number | null;
  batchId: number | null;
  status: PassStatus;
  phase: string | null;
  total: number;
  done: number;
  result: NearDupSummary | null;
  errorMessage: string | null;
  createdBy: string;
  createdAt: Date;
  finishedAt: Date | null;
}

const VIEW = `id, domain_id as "domainId", batch_id as "batchId", status::text as status, phase, total, done, result,
  error_message as "errorMessage", created_by as "createdBy", created_at as "createdAt", finished_at as "finishedAt"`;

const jobKey = (passId: number) => `neardup:${passId}`;

export async function createPass(scope: NearDupScope, createdBy: string): Promise<number> {
  const { rows } = await pool().query<{ id: number }>(
    "insert into neardup_pass (domain_id, batch_id, created_by) values ($1, $2, $3) returning id",
    [scope.domainId ?? null, scope.batchId ?? null, createdBy],
  );
  return rows[0].id;
}

/**
 * Queue a pass. `enqueue: false` only records it (a CLI import, which does not start pg-boss):
 * the worker's sweep queues its job within half a minute.
 */
export async function queueNearDupPass(scope: NearDupScope, createdBy: string, opts: { enqueue?: boolean } = {}): Promise<PassView> {
  const id = await createPass(scope, createdBy);
  if (opts.enqueue !== false) await enqueue("dedup.neardup", { passId: id }, { key: jobKey(id) });
  return getPass(id);
}

/** After an import: check its candidates (nothing to do when it kept none). */
export async function queueNearDupAfterImport(batchId: number, createdBy: string, opts: { enqueue?: boolean } = {}): Promise<PassView | null> {
  const { rows } = await pool().query("select 1 from candidate where batch_id = $1 limit 1", [batchId]);
  return rows.length ? queueNearDupPass({ batchId }, createdBy, opts) : null;
}

/** On demand for a domain, optionally saving a new threshold first (recorded as domain.update). */
export async function startDomainNearDup(slug: string, actor: Actor, opts: { threshold?: number } = {}): Promise<PassView> {
  const domain = await setThreshold(slug, actor, opts.threshold);
  return queueNearDupPass({ domainId: domain.id }, actor.email ?? "system");
}

export async function setThreshold(slug: string, actor: Actor, threshold: number | undefined) {
  const domain = await getDomainBySlug(slug);
  if (threshold !== undefined && threshold !== domain.dedupThreshold) await updateDomain(slug, { dedupThreshold: threshold }, actor);
  return domain;
}

export async function getPass(id: number): Promise<PassView> {
  const { rows } = await pool().query<PassView>(`select ${VIEW} from neardup_pass where id = $1`, [id]);
  if (!rows[0]) throw notFound(`Near-duplicate pass #${id}`);
  return rows[0];
}

/** The latest pass of an import or of a domain (null when none ran). */
export async function latestPass(scope: { batchId?: number; domainId?: number }): Promise<PassView | null> {
  const { rows } = await pool().query<PassView>(
    `select ${VIEW} from neardup_pass where ${scope.batchId ? "batch_id = $1" : "domain_id = $1"} order by id desc limit 1`,
    [scope.batchId ?? scope.domainId],
  );
  return rows[0] ?? null;
}

/**
 * The worker's sweep: a queued pass without a live job (recorded by a CLI import, or its job
 * was lost) gets one; a running pass whose runner stopped beating is queued again.
 */
export async function sweepNearDupPasses(): Promise<number[]> {
  const { rows: dead } = await pool().query<{ id: number }>("select id from neardup_pass where status = 'running'");
  for (const { id } of dead) await setPassStatus(pool(), id, { from: ["running"], to: "queued", onlyIfDead: true });
  const { rows } = await pool().query<{ id: number }>("select id from neardup_pass where status = 'queued' order by id limit 100");
  const queued: number[] = [];
  for (const { id } of rows) {
    if (await jobAlive("dedup.neardup", jobKey(id))) continue;
    await enqueue("dedup.neardup", { passId: id }, { key: jobKey(id) });
    queued.push(id);
  }
  return queued;
}
