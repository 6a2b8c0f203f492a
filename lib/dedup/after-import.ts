import { log } from "@/lib/log";
import { queueDecontamAfterImport } from "./decontam-checks";
import { queueNearDupAfterImport, type PassView } from "./neardup-jobs";

// What every import path does once its candidates are in (the upload's worker job, the CLI,
// the demo seed): queue the decontamination check and the near-duplicate pass of the batch.
// One function, so no path can forget one of the two.

export interface ChecksAfterImport {
  /** The near-duplicate pass (null when the batch kept no candidates, or queueing failed). */
  nearDup: PassView | null;
  /** One decontamination check per domain the batch wrote to. */
  decontam: number[];
}

/**
 * Queue both checks of an import. `enqueue: false` only records them (a process that does not
 * start the job queue, like the CLI): the worker's sweeps queue their jobs within half a minute.
 * The import itself is done: a failure to queue one check is logged and does not stop the other
 * (nor fail, and retry, the import).
 */
export async function queueChecksAfterImport(batchId: number, createdBy: string, opts: { enqueue?: boolean } = {}): Promise<ChecksAfterImport> {
  const [decontam, nearDup] = await Promise.all([
    queueDecontamAfterImport(batchId, opts).catch((err) => {
      log.error({ err, batchId }, "could not queue the decontamination check");
      return [];
    }),
    queueNearDupAfterImport(batchId, createdBy, opts).catch((err) => {
      log.error({ err, batchId }, "could not queue the near-duplicate pass");
      return null;
    }),
  ]);
  return { nearDup, decontam };
}
