import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { recordAudit, type Actor } from "@/lib/audit";
import { pool } from "@/lib/db/client";
import { homeDir } from "@/lib/env";
import { AppError, badRequest, notFound } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/enqueue";
import { log } from "@/lib/log";
import { setExportStatus } from "./export-lifecycle";
import { prepareExport, type ExportTarget } from "./export-source";
import { exportFormats, formats, type ExportFormat } from "./formats";
import { runExport, MANIFEST, type Manifest } from "./run-export";
import type { ExportJobView, WrittenFile } from "./job-view";
import { dbId } from "@/lib/db/ids";

// Export jobs: a lead asks for an export (POST /api/exports), the worker writes it under
// $EDGEWISE_HOME/exports/<id> with progress and a heartbeat, and the files stay downloadable
// from the job's page after a reload. The CLI runs the same runExportJob in its own process.

export const exportRequestSchema = z
  .object({
    snapshotId: z.number().int().positive().optional(),
    mixtureId: z.number().int().positive().optional(),
    format: z.enum(exportFormats),
    parquet: z.boolean().optional(),
    hf: z.boolean().optional(),
    shuffleSeed: z.number().int().min(0).max(2_147_483_647).optional(),
  })
  .refine((r) => (r.snapshotId === undefined) !== (r.mixtureId === undefined), { message: "Give exactly one of snapshotId and mixtureId" })
  .refine((r) => !(r.parquet || r.hf) || formats[r.format].parquet, { message: "Parquet and the Hugging Face folder are written for messages and rl" })
  .refine((r) => r.shuffleSeed === undefined || r.mixtureId !== undefined, { message: "Shuffling applies to mixture exports" });
export type ExportRequest = z.infer<typeof exportRequestSchema>;

const COLUMNS = `id, snapshot_id as "snapshotId", mixture_id as "mixtureId", format, parquet, hf, shuffle_seed as "shuffleSeed",
  status::text as status, rows_done as "rowsDone", rows_total as "rowsTotal", coalesce(files, '[]') as files,
  error_message as "errorMessage", attempts, created_by as "createdBy", created_at as "createdAt",
  started_at as "startedAt", finished_at as "finishedAt",
  case when files_removed_at is null then null else json_build_object('at', files_removed_at, 'afterDays', files_kept_days) end as "filesRemoved"`;

export const exportsDir = () => path.join(homeDir, "exports");

/** Insert a queued job; the worker (createExportJob) or the CLI (runExportJob at once) runs it. */
export async function insertExportJob(actor: Actor, input: ExportRequest): Promise<number> {
  const r = exportRequestSchema.parse(input);
  const table = r.snapshotId !== undefined ? "domain_snapshot" : "mixture";
  const found = await pool().query(`select 1 from ${table} where id = $1`, [r.snapshotId ?? r.mixtureId]);
  if (!found.rowCount) throw notFound(r.snapshotId !== undefined ? `Snapshot #${r.snapshotId}` : `Mixture #${r.mixtureId}`);
  const { rows } = await pool().query<{ id: number }>(
    `insert into export_job (snapshot_id, mixture_id, format, parquet, hf, shuffle_seed, created_by)
     values ($1, $2, $3, $4, $5, $6, $7) returning id`,
    [r.snapshotId ?? null, r.mixtureId ?? null, r.format, Boolean(r.parquet || r.hf), Boolean(r.hf), r.shuffleSeed ?? null, actor.email ?? actor.id ?? "unknown"],
  );
  const id = rows[0].id;
  await recordAudit({ actor, action: "export.create", target: { type: "export", id }, details: { ...r } });
  return id;
}

export async function createExportJob(actor: Actor, input: ExportRequest): Promise<ExportJobView> {
  const id = await insertExportJob(actor, input);
  await enqueue("export.run", { jobId: id });
  return getExportJob(id);
}

export async function getExportJob(id: number): Promise<ExportJobView> {
  const { rows } = await pool().query<ExportJobView>(`select ${COLUMNS} from export_job where id = $1`, [id]);
  if (!rows[0]) throw notFound(`Export #${id}`);
  return rows[0];
}

export const listExportsSchema = z.object({
  cursor: dbId.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** Newest first, keyset on id. */
export async function listExportJobs(q: z.infer<typeof listExportsSchema>): Promise<{ jobs: ExportJobView[]; nextCursor: number | null }> {
  const { rows } = await pool().query<ExportJobView>(
    `select ${COLUMNS} from export_job where ($1::int is null or id < $1) order by id desc limit $2`,
    [q.cursor ?? null, q.limit + 1],
  );
  const more = rows.length > q.limit;
  const jobs = rows.slice(0, q.limit);
  return { jobs, nextCursor: more ? jobs[jobs.length - 1].id : null };
}

const HEARTBEAT_MS = 2000;

/**
 * Run an export job to its end in this process: claim it, stream the rows to its folder with
 * progress (and a heartbeat) at most every HEARTBEAT_MS, then done with its files, or failed
 * with the reason. `outDir` defaults to $EDGEWISE_HOME/exports/<id> (the CLI passes --out).
 */
export async function runExportJob(id: number, opts: { outDir?: string } = {}): Promise<ExportJobView> {
  const job = await getExportJob(id);
  if (job.status === "done") return job;
  const claim = await setExportStatus(pool(), id, { from: ["queued", "failed"], to: "running" });
  if (typeof claim !== "string") {
    log.info({ exportId: id, status: job.status }, "export job not runnable here (running elsewhere or finished)");
    return getExportJob(id);
  }
  const outDir = opts.outDir ?? path.join(exportsDir(), String(id));
  try {
    const target: ExportTarget = job.snapshotId !== null ? { snapshotId: job.snapshotId } : { mixtureId: job.mixtureId! };
    const prepared = await prepareExport(target, job.format, job.shuffleSeed);
    await pool().query("update export_job set rows_total = $2, out_dir = $3 where id = $1 and claim_id = $4", [id, prepared.total, outDir, claim]);
    // A retry starts from the first row. The job's own folder is emptied; a CLI's --out is the
    // user's folder: only the manifest goes (the data files are rewritten), so a half-written
    // export never looks finished. (turbopackIgnore: these are runtime data folders; without it
    // the web build traces the whole project into its output.)
    const ownFolder = path.resolve(/*turbopackIgnore: true*/ outDir).startsWith(path.resolve(/*turbopackIgnore: true*/ exportsDir()) + path.sep);
    if (ownFolder) fs.rmSync(outDir, { recursive: true, force: true });
    else fs.rmSync(path.join(/*turbopackIgnore: true*/ outDir, MANIFEST), { force: true });
    // The heartbeat runs on a timer, not on progress: a mixture's shuffled query may sort for
    // a while before its first row, and that job is alive.
    let done = 0;
    let lost = false;
    const beat = () =>
      pool()
        .query("update export_job set rows_done = $2, heartbeat_at = now() where id = $1 and claim_id = $3 and status = 'running'", [id, done, claim])
        .then((r) => void (lost = lost || r.rowCount === 0))
        .catch((err) => log.warn({ err, exportId: id }, "export heartbeat failed"));
    const timer = setInterval(() => void beat(), HEARTBEAT_MS);
    let manifest: Manifest;
    try {
      manifest = await runExport({
        format: job.format,
        outDir,
        parquet: job.parquet,
        hf: job.hf,
        createdBy: job.createdBy,
        source: prepared.source,
        rows: prepared.rows,
        lines: prepared.lines,
        progressEvery: 1000,
        onProgress: (n) => {
          done = n;
          if (lost) throw new Error(`export #${id} was taken over (its heartbeat went stale): this run stops`);
        },
      });
    } finally {
      clearInterval(timer);
    }
    const files = [...manifest.files, manifestFile(outDir)];
    await setExportStatus(pool(), id, { from: ["running"], to: "done", claim, outDir, files, manifest });
    await pool().query("update export_job set rows_done = rows_total where id = $1", [id]);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await setExportStatus(pool(), id, { from: ["running"], to: "failed", claim, errorMessage: message });
    throw err;
  }
  return getExportJob(id);
}

function manifestFile(outDir: string): WrittenFile {
  const bytes = fs.readFileSync(path.join(outDir, MANIFEST));
  return { name: MANIFEST, bytes: bytes.length, sha256: createHashHex(bytes), rows: null };
}

function createHashHex(b: Buffer): string {
  return crypto.createHash("sha256").update(b).digest("hex");
}

/** A done job's file, for the download route: only names the job lists, never a path from the request. */
export async function exportFile(id: number, name: string): Promise<{ path: string; bytes: number; name: string }> {
  const { rows } = await pool().query<{ status: string; out_dir: string | null; files: WrittenFile[] | null; kept_days: number | null; removed: boolean }>(
    "select status::text as status, out_dir, files, files_kept_days as kept_days, files_removed_at is not null as removed from export_job where id = $1",
    [id],
  );
  const job = rows[0];
  if (!job) throw notFound(`Export #${id}`);
  // 404 with the reason (the files were there once): the page offers "export again".
  if (job.removed) throw new AppError("not_found", `The files of export #${id} were removed after ${job.kept_days} days: export again`);
  if (job.status !== "done" || !job.out_dir) throw badRequest(`Export #${id} is ${job.status}: its files are ready once it is done`);
  const file = (job.files ?? []).find((f) => f.name === name);
  if (!file) throw notFound(`File ${name} of export #${id}`);
  const full = path.join(job.out_dir, file.name);
  if (!fs.existsSync(full)) throw notFound(`File ${name} of export #${id} (removed from the server)`);
  return { path: full, bytes: file.bytes, name: file.name };
}

export type { ExportJobView, Manifest };
