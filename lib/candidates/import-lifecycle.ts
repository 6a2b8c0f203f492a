import crypto from "node:crypto";
import os from "node:os";
import type { Pool, PoolClient } from "pg";
import { pool } from "@/lib/db/client";
import { importDeadSeconds } from "@/lib/env";

// The import batch lifecycle: which status may follow which, and the one guarded setter that
// every writer of import_batch.status goes through (nobody else writes the column).
//
//   queued ──► running ──► done
//     │          │ ├─────► failed ──► queued (Retry) | running (pg-boss retry, --resume)
//     │          │ ├─────► cancelled
//     │          │ └─────► interrupted ──► queued (Retry) | running (--resume) | cancelled
//     │          └──► queued (its runner died; the upload is still there: the sweep re-queues)
//     └──► cancelled | interrupted (nobody will ever run it: a CLI that died before starting)
//   done | failed | cancelled | interrupted ──► discarded (a lead removed what it imported:
//     import-discard.ts; nothing follows it)
//
// A running batch belongs to the process holding its claim (claim_id), which beats
// heartbeat_at every few seconds. A running batch with a stale heartbeat is dead: another
// process may take it over (running → running with a new claim) and resume it.

export const importStatuses = ["queued", "running", "done", "failed", "cancelled", "interrupted", "discarded"] as const;
export type ImportStatus = (typeof importStatuses)[number];

export const importTransitions: Record<ImportStatus, readonly ImportStatus[]> = {
  queued: ["running", "cancelled", "interrupted"],
  running: ["running", "done", "failed", "cancelled", "interrupted", "queued"],
  failed: ["queued", "running", "discarded"],
  interrupted: ["queued", "running", "cancelled", "discarded"],
  done: ["discarded"],
  cancelled: ["discarded"],
  discarded: [],
};

/** Nothing runs it again: it finished, was cancelled, or was discarded. */
export const isFinal = (s: ImportStatus) => s === "done" || s === "cancelled" || s === "discarded";

/** Throws on a change the table does not allow: a bug in the caller, never a user error. */
export function assertTransitions(from: readonly ImportStatus[], to: ImportStatus): void {
  const illegal = from.filter((f) => !importTransitions[f].includes(to));
  if (illegal.length) throw new Error(`illegal import batch transition: ${illegal.join(", ")} → ${to}`);
}

type Queryable = Pick<Pool | PoolClient, "query">;

export interface StatusChange {
  from: readonly ImportStatus[];
  to: ImportStatus;
  /** Only while this claim holds the batch: a runner finishing (or failing) its own run. */
  claim?: string;
  /**
   * A batch in `from` that is 'running' qualifies only when its heartbeat is stale: its
   * runner is dead. Without it, leaving 'running' needs `claim` or is a person's decision
   * (cancel).
   */
  onlyIfDead?: boolean;
  /** Who now runs it, when `to` is 'running' (a new claim is made and returned). */
  runner?: Runner;
  errorMessage?: string | null;
}

export type RunnerKind = "worker" | "cli";
export interface Runner {
  kind: RunnerKind;
}

/** Who this process is, for people reading the batch page. */
export const runnerLabel = (r: Runner) => `${r.kind} pid ${process.pid} on ${os.hostname()}`;

/** SQL: the batch's runner has not beaten within the threshold (no heartbeat at all counts). */
export const DEAD_SQL = (secondsParam: string) =>
  `coalesce(heartbeat_at, started_at, created_at) < now() - make_interval(secs => ${secondsParam})`;

/**
 * The one guarded setter: `update … where id = $1 and status = any($from)` plus the change's
 * guards. Returns the new claim when it moved the batch to 'running', true for any other
 * change it made, and null when the batch was not in a state (or hands) that allows it.
 */
export async function setImportStatus(q: Queryable, id: number, change: StatusChange): Promise<string | true | null> {
  assertTransitions(change.from, change.to);
  const claim = change.to === "running" ? crypto.randomUUID() : null;
  // A discard keeps the time the import itself finished.
  const final = ["done", "failed", "cancelled", "interrupted"].includes(change.to);
  const { rowCount } = await q.query(
    `update import_batch set
       status = $2::"ImportStatus",
       claim_id = $3::uuid,
       runner = coalesce($4, runner),
       heartbeat_at = case when $3::uuid is null then heartbeat_at else now() end,
       started_at = case when $3::uuid is null then started_at else coalesce(started_at, now()) end,
       finished_at = case when $5 then now() when $2::"ImportStatus" = 'discarded' then finished_at else null end,
       error_message = case when $6 then $7 else error_message end
     where id = $1 and status = any($8::"ImportStatus"[])
       and ($9::uuid is null or claim_id = $9::uuid)
       and (not $10 or status <> 'running' or ${DEAD_SQL("$11")})`,
    [
      id,
      change.to,
      claim,
      change.runner ? runnerLabel(change.runner) : null,
      final,
      change.errorMessage !== undefined || change.to === "running" || change.to === "queued",
      change.errorMessage ?? null,
      change.from,
      change.claim ?? null,
      change.onlyIfDead ?? false,
      importDeadSeconds(),
    ],
  );
  if (!rowCount) return null;
  return claim ?? true;
}

/**
 * Take a batch to run it: from `from`, or from 'running' if its runner is dead — its heartbeat
 * is stale, or it ran on this host under a pid that no longer exists (Ctrl-C, kill -9: no need
 * to wait out the threshold before `--resume`).
 */
export async function claimImportBatch(id: number, runner: Runner, from: readonly ImportStatus[]): Promise<string | null> {
  const claimed = await setImportStatus(pool(), id, { from: [...from, "running"], to: "running", onlyIfDead: true, runner });
  if (typeof claimed === "string") return claimed;
  const { rows } = await pool().query<{ runner: string | null; claim_id: string | null }>(
    "select runner, claim_id from import_batch where id = $1 and status = 'running'",
    [id],
  );
  const held = rows[0];
  if (!held?.claim_id || !ranHereAndGone(held.runner)) return null;
  const taken = await setImportStatus(pool(), id, { from: ["running"], to: "running", claim: held.claim_id, runner });
  return typeof taken === "string" ? taken : null;
}

/** The runner label names this host and a pid that is not alive. */
function ranHereAndGone(label: string | null): boolean {
  const m = label?.match(/^(?:worker|cli) pid (\d+) on (.+)$/);
  if (!m || m[2] !== os.hostname()) return false;
  try {
    process.kill(Number(m[1]), 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/**
 * The runner's heartbeat. False when the claim is gone (cancelled, or taken over after this
 * process looked dead): the runner must stop writing.
 */
export async function beatImportBatch(id: number, claim: string): Promise<boolean> {
  const { rowCount } = await pool().query(
    "update import_batch set heartbeat_at = now() where id = $1 and claim_id = $2 and status = 'running'",
    [id, claim],
  );
  return rowCount === 1;
}

/** How often a running import beats: well inside the dead threshold (see env.ts). */
export const HEARTBEAT_MS = 5_000;
