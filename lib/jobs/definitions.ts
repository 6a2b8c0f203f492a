import { z } from "zod";

// Every background job, in one place: its name, its payload schema (parsed on enqueue and
// again on consume) and its queue options. Payloads carry ids, never rows. The handlers live
// in handlers.ts so the web bundle that only enqueues does not load worker code.

const id = z.number().int().positive();

export const jobs = {
  "import.run": {
    payload: z.object({ batchId: id }),
    // An import resumes after its last committed chunk, so retries are cheap. The heartbeat
    // (pg-boss fails an active job it has not heard from in 30 s; its supervisor looks every
    // 60 s) frees a dead worker's job in about 1.5 min instead of the 6 h expiry, which now
    // only bounds a single attempt of a huge file. A retry delivered while the batch still
    // has a live runner does nothing (the batch's claim, import-lifecycle.ts).
    options: { retryLimit: 3, retryDelay: 5, heartbeatSeconds: 30, expireInSeconds: 6 * 3600 },
  },
  "scoring.drive": {
    payload: z.object({ runId: id }),
    // A driver works for at most a slice (driver.ts) and then queues its successor, so a
    // job never outlives its expiry. Retries are safe: samples are unique per index and
    // items are leased, so a retry only does what is still missing.
    options: { retryLimit: 5, retryDelay: 5, retryBackoff: true, expireInSeconds: 1800 },
  },
  "scoring.transform": {
    payload: z.object({
      candidateIds: z.array(id).min(1).max(10_000),
      endpointId: id,
      /** Variants go here; absent or null: each parent's own domain. */
      targetDomainId: id.nullable().optional(),
      actorEmail: z.string().max(200).nullable(),
    }),
    // Re-running is harmless: a variant already inserted is a duplicate prompt and skipped.
    options: { retryLimit: 2, retryDelay: 10, expireInSeconds: 3600 },
  },
  "review.rescore": {
    // After an edit: drive the candidate's one-item re-score run (the ordinary driver), then
    // clear review_item.rescoring_since once the run is over (lib/review/rescore.ts). Queued in
    // the edit's own transaction. Retries are safe (driving is idempotent); what outlives them
    // is picked up by the worker's re-score sweep. The heartbeat frees a dead worker's job in
    // about 1.5 min instead of at expiry.
    payload: z.object({ candidateId: id, runId: id }),
    options: { retryLimit: 5, retryDelay: 5, retryBackoff: true, heartbeatSeconds: 30, expireInSeconds: 1800 },
  },
  "export.run": {
    // An export restarts from its first row (its folder is rewritten), so retries are safe.
    // The heartbeat frees a dead worker's job in about 1.5 min; the export sweep
    // (lib/export/export-sweep.ts) re-queues or fails what a dead worker left "running".
    payload: z.object({ jobId: id }),
    options: { retryLimit: 2, retryDelay: 10, heartbeatSeconds: 30, expireInSeconds: 6 * 3600 },
  },
  "decontam.run": {
    // One decontamination check (lib/dedup): a lead's on a domain, or the one queued after an
    // import for its candidates. A pass replaces its scope's hits in one transaction at the end,
    // so a retry simply runs it again.
    payload: z.object({ checkId: id }),
    options: { retryLimit: 2, retryDelay: 10, heartbeatSeconds: 30, expireInSeconds: 3600 },
  },
  "dedup.neardup": {
    // A near-duplicate pass (lib/dedup): after each import, or on demand for a domain. Its
    // writes commit per slice and a candidate is hashed once, so a retry only does what is
    // left; the worker's sweep re-queues a pass whose runner died.
    payload: z.object({ passId: id }),
    options: { retryLimit: 2, retryDelay: 10, heartbeatSeconds: 30, expireInSeconds: 3600 },
  },
  "dedup.recheck": {
    // Candidates with a prompt new to the pool outside an import (an edit, queued in its
    // transaction; a transform's variants) checked for near-duplicates and benchmark copies
    // (lib/dedup, recheck.ts). Each step replaces the candidates' own rows, so a retry simply
    // runs it again.
    payload: z.object({ candidateIds: z.array(id).min(1).max(10_000) }),
    options: { retryLimit: 3, retryDelay: 10, retryBackoff: true, expireInSeconds: 600 },
  },
} as const;

export type JobName = keyof typeof jobs;
export type JobPayload<N extends JobName> = z.infer<(typeof jobs)[N]["payload"]>;
export const jobNames = Object.keys(jobs) as JobName[];
