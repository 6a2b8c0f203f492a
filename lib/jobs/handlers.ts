import { runImportBatch } from "@/lib/candidates/import";
import { queueDecontamAfterImport, queueNearDupAfterImport, runDecontamCheck } from "@/lib/dedup";
import { runNearDupPassJob } from "@/lib/dedup/run";
import { runExportJob } from "@/lib/export";
import { rescoreJob } from "@/lib/review";
import { driveJob } from "@/lib/scoring/driver";
import { runTransformJob } from "@/lib/scoring/transform";
import { log } from "@/lib/log";
import type { JobName, JobPayload } from "./definitions";

// What each job does. Imported only by the worker.
export const handlers: { [N in JobName]: (payload: JobPayload<N>) => Promise<unknown> } = {
  // A finished import is checked against every benchmark and for near-duplicates against the
  // whole pool right after.
  "import.run": async ({ batchId }) => {
    const summary = await runImportBatch(batchId);
    // The new candidates against every benchmark and the whole pool. The import itself is done:
    // a failure to queue a check is logged, not a reason to fail (and retry) the import job.
    if (summary) await queueDecontamAfterImport(batchId).catch((err) => log.error({ err, batchId }, "could not queue the decontamination check"));
    if (summary && summary.inserted > 0) await queueNearDupAfterImport(batchId, "import");
    return summary;
  },
  "scoring.drive": ({ runId }) => driveJob(runId),
  "scoring.transform": (p) => runTransformJob(p),
  "review.rescore": (p) => rescoreJob(p),
  "export.run": ({ jobId }) => runExportJob(jobId),
  "decontam.run": ({ checkId }) => runDecontamCheck(checkId),
  "dedup.neardup": ({ passId }) => runNearDupPassJob(passId),
};
