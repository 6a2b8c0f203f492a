import { runImportBatch } from "@/lib/candidates/import";
import { queueNearDupAfterImport } from "@/lib/dedup";
import { runNearDupPassJob } from "@/lib/dedup/run";
import { runExportJob } from "@/lib/export/export-jobs";
import { rescoreJob } from "@/lib/review/rescore";
import { driveJob } from "@/lib/scoring/driver";
import { runTransformJob } from "@/lib/scoring/transform";
import type { JobName, JobPayload } from "./definitions";

// What each job does. Imported only by the worker.
export const handlers: { [N in JobName]: (payload: JobPayload<N>) => Promise<unknown> } = {
  // A finished import is checked for near-duplicates against the whole pool right after.
  "import.run": async ({ batchId }) => {
    const summary = await runImportBatch(batchId);
    if (summary && summary.inserted > 0) await queueNearDupAfterImport(batchId, "import");
    return summary;
  },
  "scoring.drive": ({ runId }) => driveJob(runId),
  "scoring.transform": (p) => runTransformJob(p),
  "review.rescore": (p) => rescoreJob(p),
  "export.run": ({ jobId }) => runExportJob(jobId),
  "dedup.neardup": ({ passId }) => runNearDupPassJob(passId),
};
