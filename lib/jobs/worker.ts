import { sweepEveryMs, sweepImports } from "@/lib/candidates/import-sweep";
import { sweepDecontamChecks, sweepNearDupPasses } from "@/lib/dedup";
import { sweepExports } from "@/lib/export";
import { log } from "@/lib/log";
import { rescoreSweepEveryMs, sweepRescores } from "@/lib/review";
import { closeGateway } from "@/lib/models/gateway";
import { stopDrivers } from "@/lib/scoring/driver";
import { compactEveryMs, compactStatDeltas } from "@/lib/stats";
import { requeueRunningRuns } from "@/lib/scoring/runs";
import { boss, stopBoss } from "./boss";
import { jobNames, jobs, type JobName } from "./definitions";
import { handlers } from "./handlers";
import { sweepFailed } from "./sweep-failure";

/** Start consuming every queue in this process. */
export async function startWorker(): Promise<void> {
  const b = await boss();
  for (const name of jobNames) {
    await b.work(name, { batchSize: 1, localConcurrency: 2, pollingIntervalSeconds: 0.5 }, async (batch) => {
      for (const job of batch) await runJob(name, job.id, job.data);
    });
  }
  log.info({ queues: jobNames }, "worker started");
  // A killed worker leaves its runs "running" with nobody driving them: drive them again.
  // Their items come back as their leases run out; samples already stored are kept.
  const resumed = await requeueRunningRuns();
  if (resumed.length) log.info({ runs: resumed }, "scoring runs re-queued");
  startImportSweep();
  startRescoreSweep();
  startCounterCompaction();
}

// The dashboards' counter deltas are folded on a clock (lib/stats/counters.ts): reads stay a
// few hundred rows however much was written since.
let compactTimer: NodeJS.Timeout | null = null;
function startCounterCompaction(): void {
  const fold = () => void compactStatDeltas().catch(sweepFailed("counter folding"));
  fold();
  compactTimer = setInterval(fold, compactEveryMs);
  compactTimer.unref();
}

// Candidates left "re-scoring" after an edit by a killed worker or a lost job: finished,
// re-queued or given up on (lib/review/rescore.ts), at start and then every minute.
let rescoreTimer: NodeJS.Timeout | null = null;
function startRescoreSweep(): void {
  const sweep = (startup: boolean) =>
    sweepRescores({ startup })
      .then((r) => (r.cleared.length || r.requeued.length ? log.info(r, "re-score sweep") : undefined))
      .catch(sweepFailed("re-score sweep"));
  void sweep(true);
  rescoreTimer = setInterval(() => void sweep(false), rescoreSweepEveryMs);
  rescoreTimer.unref();
}

// Imports whose runner died (no heartbeat) are resumed or marked interrupted, and spent
// uploads deleted: at start, then every sweepEveryMs() (import-sweep.ts).
let sweepTimer: NodeJS.Timeout | null = null;
function startImportSweep(): void {
  // Exports left "running" by a dead runner are swept on the same clock (export-sweep.ts).
  const sweep = (startup: boolean) =>
    Promise.all([
      sweepImports({ startup }).catch(sweepFailed("import sweep")),
      sweepExports({ startup }).catch(sweepFailed("export sweep")),
      // Near-duplicate passes a CLI import recorded (or a dead worker left) get their job.
      sweepNearDupPasses().catch(sweepFailed("near-duplicate sweep")),
      // So do the decontamination checks it recorded.
      sweepDecontamChecks().catch(sweepFailed("decontamination sweep")),
    ]);
  void sweep(true);
  sweepTimer = setInterval(() => void sweep(false), sweepEveryMs());
  sweepTimer.unref();
}

async function runJob(name: JobName, id: string, data: unknown): Promise<void> {
  const payload = jobs[name].payload.parse(data);
  const started = Date.now();
  try {
    await (handlers[name] as (p: unknown) => Promise<unknown>)(payload);
    log.info({ job: name, id, ms: Date.now() - started }, "job done");
  } catch (err) {
    log.error({ job: name, id, err }, "job failed");
    throw err; // pg-boss records the failure and applies the queue's retry policy
  }
}

/** Scoring drivers stop claiming and write what is in flight; then pg-boss stops gracefully. */
export async function stopWorker(): Promise<void> {
  if (sweepTimer) clearInterval(sweepTimer);
  if (rescoreTimer) clearInterval(rescoreTimer);
  if (compactTimer) clearInterval(compactTimer);
  stopDrivers();
  await stopBoss();
  await closeGateway(); // give this process's endpoint slots back now, not at lease expiry
}
