import { runImportBatch } from "@/lib/candidates/import";
import { queueChecksAfterImport, runDecontamCheck } from "@/lib/dedup";
import { recheckCandidates, runNearDupPassJob } from "@/lib/dedup/run";
import { runExportJob } from "@/lib/export";
import { rescoreJob } from "@/lib/review";
import { driveJob } from "@/lib/scoring/driver";
import { runTransformJob } from "@/lib/scoring/transform";
import type { JobName, JobPayload } from "./definitions";

// What each job does. Imported only by the worker.
export const handlers: { [N in JobName]: (payload: JobPayload<N>) => Promise<unknown> } = {
  // A finished import is checked against every benchmark and for near-duplicates against the
  // whole pool right after (the same call as every other import path).
  "import.run": async ({ batchId }) => {
    const summary = await runImportBatch(batchId);
    if (summary) await queueChecksAfterImport(batchId, "import");
    return summary;
  },
  "scoring.drive": ({ runId }) => driveJob(runId),
  "scoring.transform": (p) => runTransformJob(p),
  "review.rescore": (p) => rescoreJob(p),
  "export.run": ({ jobId }) => runExportJob(jobId),
  "decontam.run": ({ checkId }) => runDecontamCheck(checkId),
  "dedup.neardup": ({ passId }) => runNearDupPassJob(passId),
  "dedup.recheck": ({ candidateIds }) => recheckCandidates(candidateIds),
};
