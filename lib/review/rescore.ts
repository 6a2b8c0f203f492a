import { systemActor } from "@/lib/audit";
import { pool } from "@/lib/db/client";
import { enqueue, jobAlive } from "@/lib/jobs/enqueue";
import { log } from "@/lib/log";
import { driveJob } from "@/lib/scoring/driver";
import { runIsOver } from "@/lib/scoring/rescore";
import { cancelRun, getRun } from "@/lib/scoring/runs";
import { rescoreKey } from "./edit";
import { refreshQueue } from "./queue";

// The worker side of "edit in place" (docs/decisions/0017, "Edits and re-scoring"). An edit
// queues `review.rescore` in its own transaction; the job drives the candidate's one-item run
// with the ordinary scoring driver and, once the run is over (done, failed or cancelled),
// clears review_item.rescoring_since and moves the candidate's queue slots to its new band.
// Nothing may stay "re-scoring" for ever: the sweep below runs at worker start and every
// minute and finishes, re-queues or gives up on whatever a crash or a lost job left behind.

export const queueRescore = (candidateId: number, runId: number, opts: { startAfterSeconds?: number } = {}) =>
  enqueue("review.rescore", { candidateId, runId }, { key: rescoreKey(runId), ...opts });

/** The `review.rescore` job. Idempotent: driving a finished run does nothing, clearing twice neither. */
export async function rescoreJob({ candidateId, runId }: { candidateId: number; runId: number }): Promise<{ over: boolean }> {
  await driveJob(runId);
  const { status } = await getRun(runId);
  if (runIsOver(status)) {
    await endRescores([candidateId]);
    return { over: true };
  }
  // Still queued/running: the drive was sliced or the worker is stopping; look again soon.
  // Paused: a lead stopped it on purpose; the sweep clears the flag once it is over.
  if (status !== "paused") await queueRescore(candidateId, runId, { startAfterSeconds: 5 });
  return { over: false };
}

/**
 * Clear the re-scoring flag of these candidates where none of their re-score runs is still
 * going, and let their queue slots follow the new score's band and priority.
 */
export async function endRescores(candidateIds: number[]): Promise<number[]> {
  if (candidateIds.length === 0) return [];
  const over = `ri.candidate_id = any($1::int[]) and ri.rescoring_since is not null
        and not exists (select 1 from candidate_edit e join scoring_run r on r.id = e.rescore_run_id
                         where e.candidate_id = ri.candidate_id and r.status in ('queued', 'running', 'paused'))`;
  // Slots first, flag second: whoever sees "re-scoring" end (the review screen, a script) finds
  // the queue already on the new band. The refresh reads scores, not the flag.
  const { rows: domains } = await pool().query<{ domain_id: number }>(`select distinct ri.domain_id from review_item ri where ${over}`, [candidateIds]);
  for (const d of domains) await refreshQueue(d.domain_id);
  const { rows } = await pool().query<{ candidate_id: number }>(
    `update review_item ri set rescoring_since = null where ${over} returning ri.candidate_id`,
    [candidateIds],
  );
  return rows.map((r) => r.candidate_id);
}

export interface RescoreSweep {
  cleared: number[];
  requeued: number[];
  gaveUp: number[];
}

/** A re-score with no live job for this long is cancelled (its endpoint gone, a job that keeps failing). */
const GIVE_UP_MS = 3600_000;
export const rescoreSweepEveryMs = 60_000;

/**
 * Items flagged re-scoring: cleared when their run is over (or missing), re-queued when the
 * run still has work and no live job (at worker start: always, as a killed worker's job may
 * look alive until pg-boss expires it), cancelled after `giveUpAfterMs` without progress.
 */
export async function sweepRescores(opts: { startup?: boolean; giveUpAfterMs?: number } = {}): Promise<RescoreSweep> {
  const { rows } = await pool().query<{ candidate_id: number; age_ms: number; run_id: number | null; status: string | null }>(
    `select ri.candidate_id, (extract(epoch from now() - ri.rescoring_since) * 1000)::float8 as age_ms, r.id as run_id, r.status::text as status
       from review_item ri
       left join lateral (select r.id, r.status from candidate_edit e join scoring_run r on r.id = e.rescore_run_id
                           where e.candidate_id = ri.candidate_id order by e.id desc limit 1) r on true
      where ri.rescoring_since is not null`,
  );
  const out: RescoreSweep = { cleared: [], requeued: [], gaveUp: [] };
  const over: number[] = [];
  for (const r of rows) {
    if (r.run_id === null || runIsOver(r.status!)) over.push(r.candidate_id);
    else if (r.status === "paused") continue;
    else if (opts.startup || !(await jobAlive("review.rescore", rescoreKey(r.run_id)))) {
      if (!opts.startup && r.age_ms > (opts.giveUpAfterMs ?? GIVE_UP_MS)) {
        await cancelRun(r.run_id, systemActor).catch((err) => log.warn({ err, runId: r.run_id }, "re-score: cancel failed"));
        out.gaveUp.push(r.candidate_id);
        over.push(r.candidate_id);
      } else {
        await queueRescore(r.candidate_id, r.run_id);
        out.requeued.push(r.candidate_id);
      }
    }
  }
  out.cleared = await endRescores(over);
  return out;
}
