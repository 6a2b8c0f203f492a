import fs from "node:fs";
import path from "node:path";
import { pool } from "@/lib/db/client";
import { importDeadSeconds } from "@/lib/env";
import { enqueue } from "@/lib/jobs/enqueue";
import { log } from "@/lib/log";
import { DEAD_SQL, setImportStatus } from "./import-lifecycle";
import { uploadsDir } from "./upload";

// Finds imports nobody runs any more and upload files nobody needs. The worker runs it at
// start and every sweepEveryMs(); several workers may sweep at once (every change is guarded).
//
// - A dead running batch (stale heartbeat) whose upload is still on disk goes back to the
//   queue: the next run resumes after its last committed line.
// - A dead batch without a file (a CLI import, a lost upload) cannot be resumed here: it
//   becomes 'interrupted' with how to retry it.
// - Uploads of done and cancelled batches are deleted; those of failed and interrupted ones
//   after UPLOAD_KEEP_MS (the Retry button needs them until then); files no batch names
//   after ORPHAN_MS (an upload being written has no batch yet, but its mtime keeps moving).

/** Every 30 s, or twice per dead threshold when that is shorter (tests): a death is seen soon. */
export const sweepEveryMs = () => Math.min(30_000, importDeadSeconds() * 500);
const UPLOAD_KEEP_MS = 24 * 3600_000;
const ORPHAN_MS = 3600_000;

export const UPLOAD_GONE = "the uploaded file is no longer on the server; upload it again";
const cliMessage = (id: number, fileName: string) =>
  `the edgewise import that ran this stopped (no heartbeat); finish it with: edgewise import ${fileName} --resume ${id}`;

export interface SweepResult {
  requeued: number[];
  interrupted: number[];
  removedFiles: number;
}

/** `startup`: also queue a job for every queued upload (a job may have been lost with its worker). */
export async function sweepImports({ startup = false } = {}): Promise<SweepResult> {
  const result: SweepResult = { requeued: [], interrupted: [], removedFiles: 0 };
  const dead = importDeadSeconds();
  const { rows } = await pool().query<{ id: number; status: "queued" | "running"; file_name: string; upload_path: string | null }>(
    `select id, status::text as status, file_name, upload_path from import_batch
      where (status = 'running' and ${DEAD_SQL("$1")})
         or (status = 'queued' and (upload_path is null or $2) and created_at < now() - make_interval(secs => $1))
      order by id`,
    [dead, startup],
  );
  for (const b of rows) {
    const hasFile = b.upload_path !== null && fs.existsSync(b.upload_path);
    if (hasFile) {
      const requeue = b.status === "queued" || (await setImportStatus(pool(), b.id, { from: ["running"], to: "queued", onlyIfDead: true }));
      if (requeue) {
        await enqueue("import.run", { batchId: b.id });
        result.requeued.push(b.id);
      }
    } else {
      const message = b.upload_path === null ? cliMessage(b.id, b.file_name) : UPLOAD_GONE;
      if (await setImportStatus(pool(), b.id, { from: [b.status], to: "interrupted", onlyIfDead: true, errorMessage: message })) {
        result.interrupted.push(b.id);
      }
    }
  }
  result.removedFiles = await sweepUploads();
  if (result.requeued.length || result.interrupted.length || result.removedFiles) log.info(result, "import sweep");
  return result;
}

/** Delete a batch's upload and forget its path (done or cancelled: it will not run again). */
export async function removeUpload(batchId: number): Promise<void> {
  const { rows } = await pool().query<{ upload_path: string | null }>(
    "update import_batch b set upload_path = null from import_batch old where b.id = $1 and old.id = b.id returning old.upload_path",
    [batchId],
  );
  if (rows[0]?.upload_path) fs.rmSync(rows[0].upload_path, { force: true });
}

async function sweepUploads(): Promise<number> {
  let removed = 0;
  const { rows: spent } = await pool().query<{ id: number }>(
    `select id from import_batch where upload_path is not null
      and (status in ('done', 'cancelled', 'discarded')
           or (status in ('failed', 'interrupted') and finished_at < now() - make_interval(secs => $1)))`,
    [UPLOAD_KEEP_MS / 1000],
  );
  for (const b of spent) {
    await removeUpload(b.id);
    removed++;
  }
  const dir = uploadsDir();
  if (!fs.existsSync(dir)) return removed;
  const files = fs.readdirSync(dir).map((f) => path.join(dir, f));
  const { rows: named } = await pool().query<{ upload_path: string }>(
    "select upload_path from import_batch where upload_path = any($1::text[])",
    [files],
  );
  const keep = new Set(named.map((r) => r.upload_path));
  for (const f of files) {
    if (keep.has(f)) continue;
    const stat = fs.statSync(f, { throwIfNoEntry: false });
    if (stat?.isFile() && Date.now() - stat.mtimeMs > ORPHAN_MS) {
      fs.rmSync(f, { force: true });
      removed++;
    }
  }
  return removed;
}
