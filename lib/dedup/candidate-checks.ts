import type { PoolClient } from "pg";
import { enqueue } from "@/lib/jobs/enqueue";

// Candidates whose prompt is new to the pool outside an import — an edited prompt, a
// transform's variants — are checked for near-duplicates and benchmark copies by the
// `dedup.recheck` job (recheck.ts, run by the worker: hashing is no part of the web server).

/** Most candidates one job re-checks (the job payload's limit). */
export const RECHECK_MAX = 10_000;

export const recheckKey = (candidateIds: number[]) => `recheck:${candidateIds[0]}${candidateIds.length > 1 ? `+${candidateIds.length - 1}` : ""}`;

/**
 * Queue the re-check of these candidates. `inTransaction`: queued in the caller's transaction
 * (an edit: the job exists if and only if the new text does).
 */
export async function queueCandidateChecks(candidateIds: number[], opts: { inTransaction?: Pick<PoolClient, "query"> } = {}): Promise<void> {
  for (let at = 0; at < candidateIds.length; at += RECHECK_MAX) {
    const part = candidateIds.slice(at, at + RECHECK_MAX);
    await enqueue("dedup.recheck", { candidateIds: part }, { inTransaction: opts.inTransaction, key: recheckKey(part) });
  }
}
