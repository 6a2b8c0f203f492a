import path from "node:path";
import { pool } from "@/lib/db/client";
import { importDeadSeconds } from "@/lib/env";
import { enqueue } from "@/lib/jobs/enqueue";
import { log } from "@/lib/log";
import { exportsDir } from "./export-jobs";
import { EXPORT_DEAD_SQL, MAX_ATTEMPTS, setExportStatus } from "./export-lifecycle";

// An export whose runner died must not stay "running" (the page would show a bar that never
// moves). The worker runs this at start and then every 30 s, like the import sweep:
// - a dead worker export (its folder under $EDGEWISE_HOME/exports) goes back to the queue
//   and starts over, until MAX_ATTEMPTS runs have died;
// - a dead CLI export (its folder is the CLI's --out) or one out of attempts becomes failed,
//   with how to go on.
// `startup`: also re-enqueue queued jobs older than the threshold (their job may have been lost).
// Several workers may sweep at once: every change is guarded by the lifecycle setter.

export interface ExportSweepResult {
  requeued: number[];
  failed: number[];
}

export async function sweepExports({ startup = false } = {}): Promise<ExportSweepResult> {
  const dead = importDeadSeconds();
  const result: ExportSweepResult = { requeued: [], failed: [] };
  const { rows } = await pool().query<{ id: number; status: "queued" | "running"; out_dir: string | null; attempts: number }>(
    `select id, status::text as status, out_dir, attempts from export_job
      where (status = 'running' and ${EXPORT_DEAD_SQL("$1")})
         or ($2 and status = 'queued' and created_at < now() - make_interval(secs => $1))
      order by id`,
    [dead, startup],
  );
  const home = path.resolve(exportsDir()) + path.sep;
  for (const j of rows) {
    if (j.status === "queued") {
      await enqueue("export.run", { jobId: j.id });
      result.requeued.push(j.id);
      continue;
    }
    const byWorker = j.out_dir === null || path.resolve(j.out_dir).startsWith(home);
    if (byWorker && j.attempts < MAX_ATTEMPTS) {
      if (await setExportStatus(pool(), j.id, { from: ["running"], to: "queued", deadAfterSeconds: dead })) {
        await enqueue("export.run", { jobId: j.id });
        result.requeued.push(j.id);
      }
    } else {
      const errorMessage = byWorker
        ? `its runner stopped (no heartbeat) ${j.attempts} times; start the export again`
        : "the edgewise export that ran it stopped (no heartbeat); run the command again";
      if (await setExportStatus(pool(), j.id, { from: ["running"], to: "failed", deadAfterSeconds: dead, errorMessage })) result.failed.push(j.id);
    }
  }
  if (result.requeued.length || result.failed.length) log.info(result, "export sweep");
  return result;
}
