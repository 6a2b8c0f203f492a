import type { PoolClient } from "pg";
import { enqueue } from "@/lib/jobs/enqueue";

// An edited prompt is checked again for near-duplicates and benchmark copies (recheck.ts, run
// by the worker: hashing is no part of the web server). Queued in the edit's own transaction,
// so the job exists if and only if the new text does.

export const recheckKey = (candidateId: number) => `recheck:${candidateId}`;

export async function queueRecheckAfterEdit(tx: Pick<PoolClient, "query">, candidateId: number): Promise<void> {
  await enqueue("dedup.recheck", { candidateId }, { inTransaction: tx, key: recheckKey(candidateId) });
}
