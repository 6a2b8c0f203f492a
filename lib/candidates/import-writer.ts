import type { PoolClient } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { CandidateRow } from "./formats";

// Writes one chunk of an import as a single transaction: rows, bad lines and progress
// counters commit together, so a crash leaves whole chunks or nothing.
//
// Fast path: drop duplicates within the chunk, look the rest up in the unique index, and
// COPY only new rows straight into `candidate` — one write per row, as close to a plain
// COPY as a table with indexes allows. Domains that were empty when the import began skip
// the lookup for rows the import's SeenFilter has not seen (nothing else can hold them,
// short of a concurrent import, which the unique index catches). If another import inserts the same prompt in between
// (a unique violation), the chunk falls back to COPY into a temp staging table +
// INSERT … ON CONFLICT DO NOTHING, which is always correct, just slower.

export interface StagedRow extends CandidateRow {
  line: number;
  domainId: number;
  hash: Buffer;
}

export interface ChunkProgress {
  bytesRead: number;
  linesRead: number;
}

const NEEDS_ESCAPE = /[\\\t\n\r]/;

/** COPY text format: backslash, tab, newline and carriage return must be escaped. */
function copyText(v: string | null): string {
  if (v === null) return "\\N";
  if (!NEEDS_ESCAPE.test(v)) return v; // the common case: one scan, no copy
  return v.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));
}

export const COPY_COLUMNS = "(domain_id, batch_id, prompt, answer, source, metadata, prompt_hash)";

/** One row in COPY text format, columns as COPY_COLUMNS (bench/import reuses it). */
export function copyLine(r: StagedRow, batchId: number): string {
  const metadata = r.metadata === null ? null : JSON.stringify(r.metadata);
  return `${r.domainId}\t${batchId}\t${copyText(r.prompt)}\t${copyText(r.answer)}\t${copyText(r.source)}\t${copyText(metadata)}\t\\\\x${r.hash.toString("hex")}`;
}

export async function prepareStaging(client: PoolClient): Promise<void> {
  await client.query(`create temp table if not exists import_staging (
    domain_id int not null, batch_id int, prompt text not null, answer text,
    source text, metadata jsonb, prompt_hash bytea not null) on commit delete rows`);
}

function copyInto(client: PoolClient, table: string, rows: StagedRow[], batchId: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const stream = client.query(copyFrom(`copy ${table} ${COPY_COLUMNS} from stdin`));
    stream.on("finish", resolve);
    stream.on("error", reject);
    stream.end(rows.map((r) => copyLine(r, batchId)).join("\n") + "\n");
  });
}

/** The first row of each (domain, prompt hash) in the chunk. */
function uniqueInChunk(rows: StagedRow[]): StagedRow[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const key = `${r.domainId}:${r.hash.toString("base64")}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Which rows must be looked up before COPY: all of them, or (for domains that were empty when
 * the import began) only the ones this import may already have written.
 */
export type NeedsProbe = (row: StagedRow) => boolean;

async function insertNew(client: PoolClient, batchId: number, rows: StagedRow[], needsProbe: NeedsProbe): Promise<number> {
  const unique = uniqueInChunk(rows);
  const suspects = unique.filter(needsProbe);
  // One `= any` probe per domain: a btree index scan with array keys on (domain_id,
  // prompt_hash), whose cost does not grow with the table (a join could pick a seq scan).
  const existing = new Set<string>();
  for (const domainId of new Set(suspects.map((r) => r.domainId))) {
    const { rows: found } = await client.query<{ h: string }>(
      "select encode(prompt_hash, 'base64') as h from candidate where domain_id = $1 and prompt_hash = any($2::bytea[])",
      [domainId, suspects.filter((r) => r.domainId === domainId).map((r) => r.hash)],
    );
    for (const f of found) existing.add(`${domainId}:${f.h}`);
  }
  const fresh = unique.filter((r) => !existing.has(`${r.domainId}:${r.hash.toString("base64")}`));
  if (fresh.length === 0) return 0;
  await client.query("savepoint fast_copy");
  try {
    await copyInto(client, "candidate", fresh, batchId);
    return fresh.length;
  } catch (err) {
    if ((err as { code?: string }).code !== "23505") throw err; // only a race is recoverable
    await client.query("rollback to savepoint fast_copy");
    await copyInto(client, "import_staging", fresh, batchId);
    const res = await client.query(
      `insert into candidate ${COPY_COLUMNS} select * from import_staging
       on conflict (domain_id, prompt_hash) do nothing`,
    );
    await client.query("truncate import_staging");
    return res.rowCount ?? 0;
  }
}

export async function writeChunk(
  client: PoolClient,
  batchId: number,
  rows: StagedRow[],
  errors: { line: number; reason: string }[],
  progress: ChunkProgress,
  needsProbe: NeedsProbe = () => true,
): Promise<number> {
  await client.query("begin");
  try {
    const inserted = rows.length ? await insertNew(client, batchId, rows, needsProbe) : 0;
    if (errors.length) {
      await client.query(
        "insert into import_error (batch_id, line, reason) select $1, unnest($2::int[]), unnest($3::text[])",
        [batchId, errors.map((e) => e.line), errors.map((e) => e.reason)],
      );
    }
    await client.query(
      `update import_batch set bytes_read = $2, lines_read = $3, inserted = inserted + $4,
         duplicates = duplicates + $5, rejected = rejected + $6 where id = $1`,
      [batchId, progress.bytesRead, progress.linesRead, inserted, rows.length - inserted, errors.length],
    );
    await client.query("commit");
    return inserted;
  } catch (err) {
    await client.query("rollback").catch(() => {});
    throw err;
  }
}
