import fs from "node:fs";
import path from "node:path";
import { pool } from "@/lib/db/client";
import { exportKeepDays, importDeadSeconds } from "@/lib/env";
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
// - a worker export finished more than EDGEWISE_EXPORT_KEEP_DAYS ago has its folder deleted
//   (0: kept forever); the job keeps its file list and manifest and records the removal, so
//   the page says "files removed after N days — export again". A CLI export's --out is the
//   user's folder: never deleted.
// `startup`: also re-enqueue queued jobs older than the threshold (their job may have been lost).
// Several workers may sweep at once: every change is guarded by the lifecycle setter.

export interface ExportSweepResult {
  requeued: number[];
  failed: number[];
  /** Jobs whose folders the retention rule deleted. */
  removed: number[];
}

export async function sweepExports({ startup = false } = {}): Promise<ExportSweepResult> {
  const dead = importDeadSeconds();
  const result: ExportSweepResult = { requeued: [], failed: [], removed: [] };
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
  result.removed = await removeExpiredExports();
  if (result.requeued.length || result.failed.length || result.removed.length) log.info(result, "export sweep");
  return result;
}

/** The folder the worker writes a job to: only such a folder is ever deleted (a CLI's --out never is). */
const workerFolder = (id: number) => path.resolve(exportsDir(), String(id));

/** Delete the folders of worker exports finished more than the retention ago; returns their job ids. */
export async function removeExpiredExports(): Promise<number[]> {
  const days = exportKeepDays();
  if (days === 0) return [];
  const { rows } = await pool().query<{ id: number; out_dir: string | null }>(
    `select id, out_dir from export_job
      where status in ('done', 'failed') and files_removed_at is null and out_dir is not null
        and finished_at < now() - make_interval(days => $1)
      order by id limit 500`,
    [days],
  );
  const removed: number[] = [];
  for (const j of rows) {
    if (path.resolve(j.out_dir!) !== workerFolder(j.id)) continue; // a CLI export's --out
    fs.rmSync(j.out_dir!, { recursive: true, force: true });
    const { rowCount } = await pool().query(
      "update export_job set files_removed_at = now(), files_kept_days = $2 where id = $1 and files_removed_at is null",
      [j.id, days],
    );
    if (rowCount) removed.push(j.id);
  }
  return removed;
}
