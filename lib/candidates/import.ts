import fs from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import type { PoolClient } from "pg";
import { pool } from "@/lib/db/client";
import { domainIdsBySlug } from "@/lib/domains";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { fieldMappingSchema, type FieldMapping } from "./formats";
import { createImportBatch, getImportBatchForRun, type CreateImportBatchInput } from "./import-batches";
import { parseOnThread } from "./import-parse-thread";
import type { ParserOptions } from "./import-parser";
import { prepareStaging, writeChunk } from "./import-writer";

export * from "./import-batches";

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
/**
 * Stream JSONL from `input` into a batch. A worker thread parses while this thread writes;
 * memory stays bounded by a few chunks; every chunk commits rows, bad lines and progress
 * together. Lines are counted `read` when non-blank.
 */
export async function importStream(batchId: number, input: Readable | AsyncIterable<Buffer>): Promise<ImportSummary> {
  const batch = await getImportBatchForRun(batchId);
  const mapping: FieldMapping = fieldMappingSchema.parse(batch.mapping ?? {});
  const domains = await domainIdsBySlug();
  const client = await pool().connect();
  const summary: ImportSummary = { batchId, read: 0, inserted: 0, duplicates: 0, rejected: 0, errors: [], warnings: [] };
  try {
    // A retried job starts over: rows a crashed attempt committed are found again by the
    // unique index, and `inserted` is reconciled from the table at the end.
    await client.query(
      `update import_batch set status = 'running', started_at = now(), error_message = null, bytes_read = 0,
         lines_read = 0, inserted = 0, duplicates = 0, rejected = 0, warnings = 0 where id = $1`,
      [batchId],
    );
    await client.query("delete from import_error where batch_id = $1", [batchId]);
    await prepareStaging(client);
    const options: ParserOptions = {
      format: batch.format,
      mapping,
      batchId,
      defaultDomainId: batch.domainId,
      domains: [...domains],
      emptyDomainIds: await emptyDomains(client, [...domains.values()]),
    };

    for await (const chunk of parseOnThread(input, options)) {
      const { rejected, warnings } = await writeChunk(client, batchId, chunk);
      summary.read += chunk.goodLines + chunk.errors.length;
      summary.rejected += rejected.length;
      summary.errors.push(...rejected.slice(0, SUMMARY_ERRORS - summary.errors.length));
      summary.warnings.push(...warnings.slice(0, SUMMARY_ERRORS - summary.warnings.length));
    }

    const { rows: done } = await client.query<{ inserted: number; duplicates: number }>(
      `update import_batch b set status = 'done', finished_at = now(),
         inserted = c.n, duplicates = ($2::int - b.rejected) - c.n
       from (select count(*)::int as n from candidate where batch_id = $1) c
       where b.id = $1 returning b.inserted, b.duplicates`,
      [batchId, summary.read],
    );
    summary.inserted = done[0].inserted;
    summary.duplicates = done[0].duplicates;
    return summary;
  } catch (err) {
    const message = err instanceof AppError ? err.message : `import stopped: ${(err as Error).message}`;
    await client
      .query("update import_batch set status = 'failed', finished_at = now(), error_message = $2 where id = $1", [batchId, message])
      .catch(() => {});
    throw err;
  } finally {
    client.release();
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

/** Run a queued batch whose file the browser uploaded (the worker's job). */
export async function runImportBatch(batchId: number): Promise<ImportSummary> {
  const batch = await getImportBatchForRun(batchId);
  if (batch.status === "done") {
    const { inserted, duplicates, rejected, linesRead } = batch;
    return { batchId, read: linesRead, inserted, duplicates, rejected, errors: [], warnings: [] };
  }
  if (!batch.uploadPath || !fs.existsSync(batch.uploadPath)) {
    await pool().query("update import_batch set status = 'failed', error_message = $2 where id = $1", [
      batchId,
      "the uploaded file is no longer on the server; upload it again",
    ]);
    throw new AppError("not_found", `Upload for import #${batchId} is missing`);
  }
  const summary = await importStream(batchId, fs.createReadStream(batch.uploadPath, { highWaterMark: 1 << 20 }));
  fs.rmSync(batch.uploadPath, { force: true });
  await pool().query("update import_batch set upload_path = null where id = $1", [batchId]);
  log.info({ batchId, inserted: summary.inserted, rejected: summary.rejected }, "import done");
  return summary;
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
