import fs from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import type { PoolClient } from "pg";
import { pool } from "@/lib/db/client";
import { domainIdsBySlug } from "@/lib/domains";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { fieldMappingSchema, type FieldMapping } from "./formats";
import { createImportBatch, getImportBatch, getImportBatchForRun, listImportErrors, type CreateImportBatchInput } from "./import-batches";
import { beatImportBatch, claimImportBatch, HEARTBEAT_MS, setImportStatus, type ImportStatus, type Runner } from "./import-lifecycle";
import { removeUpload, UPLOAD_GONE } from "./import-sweep";
import { parseOnThread } from "./import-parse-thread";
import type { ParserOptions } from "./import-parser";
import { ClaimLostError, prepareStaging, writeChunk } from "./import-writer";

export * from "./import-batches";
export { importStatuses, importTransitions, type ImportStatus } from "./import-lifecycle";

export interface ImportSummary {
  batchId: number;
  read: number;
  inserted: number;
  duplicates: number;
  rejected: number;
  /** The first SUMMARY_ERRORS bad lines; all of them are in import_error. */
  errors: { line: number; reason: string }[];
  /** The first SUMMARY_ERRORS lines kept with a warning (duplicate keys). */
  warnings: { line: number; reason: string }[];
}

const SUMMARY_ERRORS = 1000;

export interface ImportRunOptions {
  /** Who runs it (the batch page shows it; the heartbeat says whether it still lives). */
  runner: Runner;
  /** The states this run may start from (besides a dead 'running' one, which it takes over). */
  from: readonly ImportStatus[];
}

/**
 * Stream JSONL from `input` into a batch. A worker thread parses while this thread writes;
 * memory stays bounded by a few chunks; every chunk commits rows, bad lines and progress
 * together. Lines are counted `read` when non-blank.
 *
 * The batch is claimed first (only one process runs it; a live runner keeps it), and a
 * batch that already committed chunks resumes after its last committed line: those lines are
 * skipped unparsed and the counters carry on. A heartbeat every few seconds tells others
 * this process lives; losing the claim (cancel, takeover) stops it at the next chunk.
 */
export async function importStream(
  batchId: number,
  input: Readable | AsyncIterable<Buffer>,
  run: ImportRunOptions = { runner: { kind: "cli" }, from: ["queued"] },
): Promise<ImportSummary> {
  const claim = await claimImportBatch(batchId, run.runner, run.from);
  if (!claim) {
    (input as Partial<Readable>).destroy?.(); // not ours to read: close the file now
    throw await notClaimable(batchId);
  }
  runningHere.set(batchId, claim);
  let lost = false;
  const beat = setInterval(() => {
    beatImportBatch(batchId, claim).then(
      (ok) => (lost ||= !ok),
      (err) => log.warn({ err, batchId }, "import heartbeat failed"),
    );
  }, HEARTBEAT_MS);
  let client: PoolClient | null = null;
  try {
    const batch = await getImportBatchForRun(batchId);
    const mapping: FieldMapping = fieldMappingSchema.parse(batch.mapping ?? {});
    const domains = await domainIdsBySlug();
    // What committed chunks already counted (all zero on a first run).
    const summary: ImportSummary = {
      batchId,
      read: batch.inserted + batch.duplicates + batch.rejected,
      inserted: 0,
      duplicates: 0,
      rejected: batch.rejected,
      errors: [],
      warnings: [],
    };
    if (batch.rejected || batch.warnings) {
      // A resumed import reports what its earlier runs found too (the first page of them).
      const { items } = await listImportErrors(batchId, { limit: SUMMARY_ERRORS });
      for (const { line, reason, severity } of items) {
        const list = severity === "warning" ? summary.warnings : summary.errors;
        if (list.length < SUMMARY_ERRORS) list.push({ line, reason });
      }
    }
    client = await pool().connect();
    await prepareStaging(client);
    const options: ParserOptions = {
      format: batch.format,
      mapping,
      batchId,
      defaultDomainId: batch.domainId,
      domains: [...domains],
      emptyDomainIds: await emptyDomains(client, [...domains.values()]),
      skipLines: batch.linesRead,
    };
    // debug: the CLI shares this logger, and its stdout is for --json.
    if (batch.linesRead) log.debug({ batchId, afterLine: batch.linesRead }, "import resumes");

    for await (const chunk of parseOnThread(input, options)) {
      if (lost) throw new ClaimLostError(`import #${batchId} is no longer run by this process`);
      const { rejected, warnings } = await writeChunk(client, batchId, chunk, claim);
      summary.read += chunk.goodLines + chunk.errors.length;
      summary.rejected += rejected.length;
      summary.errors.push(...rejected.slice(0, SUMMARY_ERRORS - summary.errors.length));
      summary.warnings.push(...warnings.slice(0, SUMMARY_ERRORS - summary.warnings.length));
    }

    // Reconcile from the table (a race with another import may have moved rows), then finish.
    const { rows: done } = await client.query<{ inserted: number; duplicates: number }>(
      `update import_batch b set inserted = c.n, duplicates = ($2::int - b.rejected) - c.n
       from (select count(*)::int as n from candidate where batch_id = $1) c
       where b.id = $1 and b.claim_id = $3 returning b.inserted, b.duplicates`,
      [batchId, summary.read, claim],
    );
    if (!done.length || !(await setImportStatus(client, batchId, { from: ["running"], to: "done", claim }))) {
      throw new ClaimLostError(`import #${batchId} is no longer run by this process`);
    }
    summary.inserted = done[0].inserted;
    summary.duplicates = done[0].duplicates;
    return summary;
  } catch (err) {
    if (err instanceof ClaimLostError) throw await notClaimable(batchId);
    const message = err instanceof AppError ? err.message : `import stopped: ${(err as Error).message}`;
    await setImportStatus(pool(), batchId, { from: ["running"], to: "failed", claim, errorMessage: message }).catch(() => {});
    throw err;
  } finally {
    runningHere.delete(batchId);
    clearInterval(beat);
    client?.release();
  }
}

/** This process's imports in progress: batch id → claim. */
const runningHere = new Map<number, string>();
export const runningImportIds = () => [...runningHere.keys()];

/**
 * Mark this process's running imports interrupted now, with `message(id)` (a CLI stopped by
 * Ctrl-C says how to resume at once, instead of leaving the batch to look dead in a minute).
 */
export async function interruptRunningImports(message: (batchId: number) => string): Promise<number[]> {
  const done: number[] = [];
  for (const [id, claim] of runningHere) {
    if (await setImportStatus(pool(), id, { from: ["running"], to: "interrupted", claim, errorMessage: message(id) })) done.push(id);
  }
  return done;
}

/** Why this process may not (or no longer) run the batch, as a conflict. */
async function notClaimable(batchId: number): Promise<AppError> {
  const b = await getImportBatch(batchId);
  return new ImportNotClaimable(b.status, b.status === "running" ? `Import #${batchId} is being run by ${b.runner ?? "another process"}` : `Import #${batchId} is ${b.status}`);
}

/** A conflict that means "someone else has (or had) this batch": a duplicate job, a cancel. */
export class ImportNotClaimable extends AppError {
  constructor(
    readonly batchStatus: ImportStatus,
    message: string,
  ) {
    super("conflict", message);
  }
}

/** Domains without a single candidate: nothing but this import can hold their prompts. */
async function emptyDomains(client: PoolClient, ids: number[]): Promise<number[]> {
  const { rows } = await client.query<{ id: number }>(
    "select d.id from unnest($1::int[]) d(id) where not exists (select 1 from candidate c where c.domain_id = d.id)",
    [ids],
  );
  return rows.map((r) => r.id);
}

/**
 * Run a batch whose file the browser uploaded (the worker's job). Delivered twice, or after
 * another process took the batch, it does nothing: the claim decides who runs it.
 */
export async function runImportBatch(batchId: number): Promise<ImportSummary | null> {
  const batch = await getImportBatchForRun(batchId);
  if (!["queued", "failed", "running"].includes(batch.status)) return null; // done, cancelled, interrupted
  if (!batch.uploadPath || !fs.existsSync(batch.uploadPath)) {
    const claim = await claimImportBatch(batchId, { kind: "worker" }, ["queued", "failed"]);
    if (claim) {
      await setImportStatus(pool(), batchId, { from: ["running"], to: "interrupted", claim, errorMessage: UPLOAD_GONE });
    }
    return null;
  }
  try {
    const summary = await importStream(batchId, fs.createReadStream(batch.uploadPath, { highWaterMark: 1 << 20 }), {
      runner: { kind: "worker" },
      from: ["queued", "failed"],
    });
    await removeUpload(batchId);
    log.info({ batchId, inserted: summary.inserted, rejected: summary.rejected }, "import done");
    return summary;
  } catch (err) {
    if (err instanceof ImportNotClaimable) {
      log.info({ batchId, status: err.batchStatus }, "import job skipped: the batch is not this job's to run");
      if (err.batchStatus === "cancelled") await removeUpload(batchId);
      return null;
    }
    throw err;
  }
}

/** Create a batch for a local file and import it (CLI, demo seed). */
export async function importFile(
  file: string,
  opts: Omit<CreateImportBatchInput, "fileName" | "uploadPath" | "bytesTotal"> & { fileName?: string },
): Promise<ImportSummary> {
  if (!fs.existsSync(file)) throw new AppError("not_found", `No such file: ${file}`);
  const { id } = await createImportBatch({
    ...opts,
    fileName: opts.fileName ?? path.basename(file),
    bytesTotal: fs.statSync(file).size,
  });
  return importStream(id, fs.createReadStream(file, { highWaterMark: 1 << 20 }));
}

/**
 * Finish a local file's batch that stopped midway (`edgewise import FILE --resume ID`): the
 * lines it committed are skipped, the rest imported. The file must be the same size as the
 * one the batch started with, so lines are not skipped in a different file.
 */
export async function resumeImportFile(file: string, batchId: number): Promise<ImportSummary> {
  if (!fs.existsSync(file)) throw new AppError("not_found", `No such file: ${file}`);
  const batch = await getImportBatchForRun(batchId);
  const size = fs.statSync(file).size;
  if (batch.bytesTotal !== null && Number(batch.bytesTotal) !== size) {
    throw new AppError("conflict", `Import #${batchId} was started with a file of ${batch.bytesTotal} bytes (${batch.fileName}); this one has ${size}`);
  }
  return importStream(batchId, fs.createReadStream(file, { highWaterMark: 1 << 20 }), {
    runner: { kind: "cli" },
    from: ["queued", "failed", "interrupted"],
  });
}
