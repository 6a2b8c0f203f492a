import crypto from "node:crypto";
import type { Pool, PoolClient } from "pg";
import type { ExportStatus } from "./job-view";

// The export job lifecycle: which status may follow which, and the one guarded setter every
// writer of export_job.status goes through (nobody else writes the column).
//
//   queued ──► running ──► done
//                 │ └────► failed ──► running (a pg-boss retry)
//                 └──► queued (its runner died: the sweep queues it again, up to MAX_ATTEMPTS)
//                 └──► failed (died MAX_ATTEMPTS times)
//
// An export restarts from its first row (its files are rewritten), so a requeue is always
// safe. A running job belongs to the claim holder, which beats heartbeat_at with its progress.

export const exportStatuses = ["queued", "running", "done", "failed"] as const satisfies readonly ExportStatus[];

export const exportTransitions: Record<ExportStatus, readonly ExportStatus[]> = {
  queued: ["running", "failed"],
  running: ["done", "failed", "queued"],
  failed: ["running"],
  done: [],
};

export const MAX_ATTEMPTS = 3;

export function assertExportTransitions(from: readonly ExportStatus[], to: ExportStatus): void {
  const illegal = from.filter((f) => !exportTransitions[f].includes(to));
  if (illegal.length) throw new Error(`illegal export job transition: ${illegal.join(", ")} → ${to}`);
}

/** SQL: the job's runner has not beaten within the threshold. */
export const EXPORT_DEAD_SQL = (secondsParam: string) =>
  `coalesce(heartbeat_at, started_at, created_at) < now() - make_interval(secs => ${secondsParam})`;

type Queryable = Pick<Pool | PoolClient, "query">;

export interface ExportStatusChange {
  from: readonly ExportStatus[];
  to: ExportStatus;
  /** Only while this claim holds the job (a runner finishing its own run). */
  claim?: string;
  /** A running job qualifies only when its heartbeat is older than this many seconds. */
  deadAfterSeconds?: number;
  errorMessage?: string | null;
  outDir?: string;
  files?: unknown;
  manifest?: unknown;
}

/** Returns the new claim when it moved the job to running, true for another change, null when refused. */
export async function setExportStatus(db: Queryable, id: number, c: ExportStatusChange): Promise<string | true | null> {
  assertExportTransitions(c.from, c.to);
  const claim = c.to === "running" ? crypto.randomUUID() : null;
  const params: unknown[] = [id, c.from, c.to, claim, c.errorMessage ?? null, c.outDir ?? null, c.files === undefined ? null : JSON.stringify(c.files), c.manifest === undefined ? null : JSON.stringify(c.manifest)];
  let guard = "";
  if (c.claim) {
    params.push(c.claim);
    guard += ` and claim_id = $${params.length}`;
  }
  if (c.deadAfterSeconds !== undefined) {
    params.push(c.deadAfterSeconds);
    guard += ` and (status <> 'running' or ${EXPORT_DEAD_SQL(`$${params.length}`)})`;
  }
  const { rowCount } = await db.query(
    `update export_job set status = $3::"ExportJobStatus",
        claim_id = case when $3 = 'running' then $4::uuid else claim_id end,
        attempts = attempts + (case when $3 = 'running' then 1 else 0 end),
        started_at = case when $3 = 'running' then now() else started_at end,
        heartbeat_at = case when $3 = 'running' then now() else heartbeat_at end,
        rows_done = case when $3 = 'running' then 0 else rows_done end,
        finished_at = case when $3 in ('done', 'failed') then now() else null end,
        error_message = case when $3 = 'failed' then $5 else null end,
        out_dir = coalesce($6, out_dir),
        files = coalesce($7::jsonb, files),
        manifest = coalesce($8::jsonb, manifest)
      where id = $1 and status = any($2::"ExportJobStatus"[])${guard}`,
    params,
  );
  if (!rowCount) return null;
  return claim ?? true;
}
