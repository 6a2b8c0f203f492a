import { runImportBatch } from "@/lib/candidates/import";
import { runExportJob } from "@/lib/export";
import { rescoreJob } from "@/lib/review";
import { driveJob } from "@/lib/scoring/driver";
import { runTransformJob } from "@/lib/scoring/transform";
import type { JobName, JobPayload } from "./definitions";

// What each job does. Imported only by the worker.
export const handlers: { [N in JobName]: (payload: JobPayload<N>) => Promise<unknown> } = {
  "import.run": ({ batchId }) => runImportBatch(batchId),
  "scoring.drive": ({ runId }) => driveJob(runId),
  "scoring.transform": (p) => runTransformJob(p),
  "review.rescore": (p) => rescoreJob(p),
  "export.run": ({ jobId }) => runExportJob(jobId),
};
