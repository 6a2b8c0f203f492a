import { z } from "zod";

// Every background job, in one place: its name, its payload schema (parsed on enqueue and
// again on consume) and its queue options. Payloads carry ids, never rows. The handlers live
// in handlers.ts so the web bundle that only enqueues does not load worker code.

export const jobs = {
  "import.run": {
    payload: z.object({ batchId: z.number().int().positive() }),
    // An import is resumable only by re-running the file (duplicates are skipped), so one
    // retry after a crash is enough; a bad file fails fast with its reason on the batch.
    options: { retryLimit: 1, retryDelay: 5, expireInSeconds: 6 * 3600 },
  },
} as const;

export type JobName = keyof typeof jobs;
export type JobPayload<N extends JobName> = z.infer<(typeof jobs)[N]["payload"]>;
export const jobNames = Object.keys(jobs) as JobName[];
