import fs from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import type { PoolClient } from "pg";
import { pool } from "@/lib/db/client";
import { domainIdsBySlug } from "@/lib/domains";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { convertLine, fieldMappingSchema, type FieldMapping, type ImportFormat } from "./formats";
import { createImportBatch, getImportBatchForRun, type CreateImportBatchInput } from "./import-batches";
import { readJsonlLines } from "./jsonl";
import { promptHash } from "./normalise";
import { prepareStaging, writeChunk, type NeedsProbe, type StagedRow } from "./import-writer";
import { SeenFilter } from "./seen-filter";

export * from "./import-batches";

export interface ImportSummary {
  batchId: number;
  read: number;
  inserted: number;
  duplicates: number;
  rejected: number;
  /** The first SUMMARY_ERRORS bad lines; all of them are in import_error. */
  errors: { line: number; reason: string }[];
}

const SUMMARY_ERRORS = 1000;
/** Rows per transaction: big enough to amortise round trips, small enough for bounded memory. */
const CHUNK_ROWS = 5000;
const CHUNK_BYTES = 8 * 1024 * 1024;
const YIELD_EVERY = 200;

/**
 * Stream JSONL from `input` into a batch. Memory stays bounded by one chunk; every chunk
 * commits rows, bad lines and progress together. Lines are counted `read` when non-blank.
 */
export async function importStream(batchId: number, input: Readable | AsyncIterable<Buffer>): Promise<ImportSummary> {
  const batch = await getImportBatchForRun(batchId);
  const mapping: FieldMapping = fieldMappingSchema.parse(batch.mapping ?? {});
  const domains = await domainIdsBySlug();
  const client = await pool().connect();
  const summary: ImportSummary = { batchId, read: 0, inserted: 0, duplicates: 0, rejected: 0, errors: [] };
  try {
    // A retried job starts over: rows a crashed attempt committed are found again by the
    // unique index, and `inserted` is reconciled from the table at the end.
    await client.query(
      `update import_batch set status = 'running', started_at = now(), error_message = null, bytes_read = 0,
         lines_read = 0, inserted = 0, duplicates = 0, rejected = 0 where id = $1`,
      [batchId],
    );
    await client.query("delete from import_error where batch_id = $1", [batchId]);
    await prepareStaging(client);
    const needsProbe = await probePolicy(client, domains, batch.domainId);

    let rows: StagedRow[] = [];
    let rowBytes = 0;
    let errors: { line: number; reason: string }[] = [];
    let progress = { bytesRead: 0, linesRead: 0 };
    // One chunk in flight while the next is parsed: Node parses on one core while
    // PostgreSQL writes on the other. Memory stays bounded at two chunks.
    let inflight: Promise<number> | null = null;
    const flush = async () => {
      if (inflight) await inflight;
      inflight = writeChunk(client, batchId, rows, errors, progress, needsProbe);
      inflight.catch(() => {}); // awaited at the next flush; don't report it twice
      rows = [];
      rowBytes = 0;
      errors = [];
    };
    const reject = (line: number, reason: string) => {
      errors.push({ line, reason });
      summary.rejected++;
      if (summary.errors.length < SUMMARY_ERRORS) summary.errors.push({ line, reason });
    };

    for await (const l of readJsonlLines(input)) {
      summary.read++;
      // Parsing a read chunk is synchronous work; give the event loop a turn now and then so
      // PostgreSQL's replies for the chunk in flight are handled at once, not after the parse.
      if (summary.read % YIELD_EVERY === 0) await new Promise(setImmediate);
      progress = { bytesRead: l.bytesRead, linesRead: l.line };
      if ("error" in l) {
        reject(l.line, l.error);
      } else {
        const staged = stage(l.line, l.text, batch.format, mapping, batch.domainId, domains);
        if (typeof staged === "string") reject(l.line, staged);
        else {
          rows.push(staged);
          rowBytes += staged.prompt.length + (staged.answer?.length ?? 0);
        }
      }
      if (rows.length >= CHUNK_ROWS || rowBytes >= CHUNK_BYTES || errors.length >= CHUNK_ROWS) await flush();
    }
    await flush();
    await inflight;

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

/**
 * Rows of domains that already had candidates are always looked up; rows of empty domains
 * only when this import may have written the same prompt before (a Bloom filter says so).
 */
async function probePolicy(client: PoolClient, domains: Map<string, number>, defaultDomainId: number | null): Promise<NeedsProbe> {
  const ids = [...new Set([...domains.values(), ...(defaultDomainId ? [defaultDomainId] : [])])];
  const { rows } = await client.query<{ id: number }>(
    "select d.id from unnest($1::int[]) d(id) where not exists (select 1 from candidate c where c.domain_id = d.id)",
    [ids],
  );
  const empty = new Set(rows.map((r) => r.id));
  const seen = new SeenFilter();
  return (row) => seen.testAndAdd(row.hash) || !empty.has(row.domainId);
}

function stage(
  line: number,
  text: string,
  format: ImportFormat,
  mapping: FieldMapping,
  defaultDomainId: number | null,
  domains: Map<string, number>,
): StagedRow | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return `invalid JSON (${(err as Error).message.replace(/ in JSON at position \d+.*$/, "")})`;
  }
  const converted = convertLine(value, format, mapping);
  if (!converted.ok) return converted.reason;
  const { row } = converted;
  const domainId = row.domain ? domains.get(row.domain) : defaultDomainId;
  if (domainId === undefined) return `unknown domain "${row.domain}"`;
  if (domainId === null) return "no domain: give --domain or a \"domain\" field";
  return { ...row, line, domainId, hash: promptHash(row.prompt) };
}

/** Run a queued batch whose file the browser uploaded (the worker's job). */
export async function runImportBatch(batchId: number): Promise<ImportSummary> {
  const batch = await getImportBatchForRun(batchId);
  if (batch.status === "done") {
    const { inserted, duplicates, rejected, linesRead } = batch;
    return { batchId, read: linesRead, inserted, duplicates, rejected, errors: [] };
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
