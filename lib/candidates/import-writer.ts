import type { PoolClient } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { CandidateRow } from "./formats";

// Writes one chunk of an import as a single transaction: COPY the good rows into a temp
// staging table, move them into `candidate` with ON CONFLICT DO NOTHING (exact duplicates,
// within the file or from earlier imports, are skipped by the unique index), record the bad
// lines, and advance the batch's counters. A crash leaves whole chunks or nothing.

export interface StagedRow extends CandidateRow {
  line: number;
  domainId: number;
  hash: Buffer;
}

export interface ChunkProgress {
  bytesRead: number;
  linesRead: number;
}

/** COPY text format: backslash, tab, newline and carriage return must be escaped. */
function copyText(v: string | null): string {
  if (v === null) return "\\N";
  return v.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));
}

function copyLine(r: StagedRow): string {
  return [
    String(r.line),
    String(r.domainId),
    copyText(r.prompt),
    copyText(r.answer),
    copyText(r.source),
    copyText(r.metadata === null ? null : JSON.stringify(r.metadata)),
    `\\\\x${r.hash.toString("hex")}`,
  ].join("\t");
}

export async function prepareStaging(client: PoolClient): Promise<void> {
  await client.query(`create temp table if not exists import_staging (
    line int not null, domain_id int not null, prompt text not null, answer text,
    source text, metadata jsonb, prompt_hash bytea not null) on commit delete rows`);
}

export async function writeChunk(
  client: PoolClient,
  batchId: number,
  rows: StagedRow[],
  errors: { line: number; reason: string }[],
  progress: ChunkProgress,
): Promise<number> {
  await client.query("begin");
  try {
    let inserted = 0;
    if (rows.length) {
      await new Promise<void>((resolve, reject) => {
        const stream = client.query(
          copyFrom("copy import_staging (line, domain_id, prompt, answer, source, metadata, prompt_hash) from stdin"),
        );
        stream.on("finish", resolve);
        stream.on("error", reject);
        stream.end(rows.map(copyLine).join("\n") + "\n");
      });
      const res = await client.query(
        `insert into candidate (domain_id, batch_id, prompt, answer, source, metadata, prompt_hash)
         select domain_id, $1, prompt, answer, source, metadata, prompt_hash
           from import_staging order by line
         on conflict (domain_id, prompt_hash) do nothing`,
        [batchId],
      );
      inserted = res.rowCount ?? 0;
    }
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
