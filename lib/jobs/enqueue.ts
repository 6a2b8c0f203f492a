import type { PoolClient } from "pg";
import { boss } from "./boss";
import { jobs, type JobName, type JobPayload } from "./definitions";

export interface EnqueueOptions {
  /**
   * Queue the job inside this open transaction: it exists if and only if the caller commits
   * (pg-boss writes its row through the caller's connection). Without it, the job is queued at once.
   */
  inTransaction?: Pick<PoolClient, "query">;
  /** A label to find the job by later (pg-boss singletonKey; the default policy does not dedupe on it). */
  key?: string;
  /** Do not start before this many seconds from now. */
  startAfterSeconds?: number;
}

/** Validate and queue a job; returns its id. */
export async function enqueue<N extends JobName>(name: N, payload: JobPayload<N>, opts: EnqueueOptions = {}): Promise<string> {
  const def = jobs[name];
  const data = def.payload.parse(payload);
  const tx = opts.inTransaction;
  const id = await (await boss()).send(name, data, {
    ...def.options,
    ...(opts.key ? { singletonKey: opts.key } : {}),
    ...(opts.startAfterSeconds ? { startAfter: opts.startAfterSeconds } : {}),
    ...(tx ? { db: { executeSql: async (text: string, values?: unknown[]) => ({ rows: (await tx.query(text, values)).rows }) } } : {}),
  });
  if (!id) throw new Error(`pg-boss refused job ${name}`);
  return id;
}

/** Whether a job with this key is waiting, retrying or running (not finished, failed or cancelled). */
export async function jobAlive(name: JobName, key: string): Promise<boolean> {
  const found = await (await boss()).findJobs(name, { key });
  return found.some((j) => j.state === "created" || j.state === "retry" || j.state === "active");
}
