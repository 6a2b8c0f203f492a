import type { PoolClient } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { AppError } from "@/lib/errors";
import type { CandidateRow } from "./formats";
import type { LineIssue, ParsedChunk } from "./import-chunk";
import { safeReason } from "./reason";

// Writes one chunk of an import as a single transaction: rows, bad lines and progress
// counters commit together, so a crash leaves whole chunks or nothing.
//
// Fast path: the parser already dropped duplicates within the chunk and marked which rows
// need a lookup in the unique index (all rows of domains that had candidates; in domains that
// were empty, only rows its Bloom filter may have seen). COPY the rest straight into
// `candidate` — one write per row, as close to a plain COPY as a table with indexes allows.
// If another import inserts the same prompt in between (a unique violation), the chunk falls
// back to COPY into a temp staging table + INSERT … ON CONFLICT DO NOTHING: always correct,
// just slower.
//
// Defence in depth: the parser rejects what it knows PostgreSQL refuses, but if a COPY still
// fails on a row's data (SQLSTATE class 22, data exception, or 54, a program limit), the rows
// are split in halves under savepoints until the refused lines are found; those are recorded
// as rejected with PostgreSQL's message and the rest commit as usual. One bad row costs about
// two extra COPYs of the chunk, and never the import.

export interface StagedRow extends CandidateRow {
  line: number;
  domainId: number;
  hash: Buffer;
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

function copyInto(client: PoolClient, table: string, lines: string[]): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const stream = client.query(copyFrom(`copy ${table} ${COPY_COLUMNS} from stdin`));
    stream.on("finish", resolve);
    stream.on("error", reject);
    stream.end(lines.join("\n") + "\n");
  });
}

const hashAt = (chunk: ParsedChunk, i: number) => Buffer.from(chunk.hashes.buffer, chunk.hashes.byteOffset + i * 32, 32);

/** Indexes of the chunk's lines whose prompt the domain already holds (suspects only). */
async function alreadyThere(client: PoolClient, chunk: ParsedChunk): Promise<Set<number>> {
  const byDomain = new Map<number, number[]>();
  for (const i of chunk.suspects) byDomain.set(chunk.domainIds[i], [...(byDomain.get(chunk.domainIds[i]) ?? []), i]);
  const existing = new Set<number>();
  for (const [domainId, indexes] of byDomain) {
    // One `= any` probe per domain: a btree index scan with array keys on (domain_id,
    // prompt_hash), whose cost does not grow with the table (a join could pick a seq scan).
    const { rows: found } = await client.query<{ h: string }>(
      "select encode(prompt_hash, 'hex') as h from candidate where domain_id = $1 and prompt_hash = any($2::bytea[])",
      [domainId, indexes.map((i) => hashAt(chunk, i))],
    );
    const hit = new Set(found.map((f) => f.h));
    for (const i of indexes) if (hit.has(hashAt(chunk, i).toString("hex"))) existing.add(i);
  }
  return existing;
}

/**
 * What candidate's foreign key to domain would check per row, once per chunk (ADR 0007):
 * the chunk's domains exist, and stay until commit (FOR KEY SHARE blocks their deletion).
 */
async function lockDomains(client: PoolClient, chunk: ParsedChunk): Promise<void> {
  const ids = [...new Set(chunk.domainIds)];
  const { rowCount } = await client.query("select 1 from domain where id = any($1::int[]) for key share", [ids]);
  if (rowCount !== ids.length) throw new AppError("conflict", "A domain of this import was deleted while it ran");
}

/** Rows of the chunk (indexes into its lines) into candidate; returns how many were new. */
async function copyRows(client: PoolClient, chunk: ParsedChunk, rows: number[]): Promise<number> {
  const lines = rows.map((i) => chunk.lines[i]);
  await client.query("savepoint fast_copy");
  try {
    await copyInto(client, "candidate", lines);
    await client.query("release savepoint fast_copy");
    return lines.length;
  } catch (err) {
    if ((err as { code?: string }).code !== "23505") throw err; // only a race is recoverable here
    await client.query("rollback to savepoint fast_copy");
    await copyInto(client, "import_staging", lines);
    const res = await client.query(
      `insert into candidate ${COPY_COLUMNS} select * from import_staging
       on conflict (domain_id, prompt_hash) do nothing`,
    );
    await client.query("truncate import_staging");
    return res.rowCount ?? 0;
  }
}

/** A data exception (22xxx: bad encoding, invalid jsonb, …) or a program limit (54xxx: too deep, too big). */
export const isDataError = (err: unknown) => /^(22|54)/.test(String((err as { code?: unknown }).code ?? ""));

function refusal(err: unknown): string {
  const e = err as { message: string; detail?: string };
  return safeReason(`PostgreSQL refused this line: ${e.message}${e.detail ? ` (${e.detail})` : ""}`);
}

/** copyRows, halving on a data error until the refused rows are found (added to `refused`). */
async function copyOrBisect(client: PoolClient, chunk: ParsedChunk, rows: number[], refused: LineIssue[]): Promise<number> {
  await client.query("savepoint rows");
  try {
    const n = await copyRows(client, chunk, rows);
    await client.query("release savepoint rows");
    return n;
  } catch (err) {
    if (!isDataError(err)) throw err;
    await client.query("rollback to savepoint rows; release savepoint rows");
    if (rows.length === 1) {
      refused.push({ line: chunk.lineNos[rows[0]], reason: refusal(err) });
      return 0;
    }
    const half = rows.length >> 1;
    return (await copyOrBisect(client, chunk, rows.slice(0, half), refused)) + (await copyOrBisect(client, chunk, rows.slice(half), refused));
  }
}

async function insertNew(client: PoolClient, chunk: ParsedChunk, refused: LineIssue[]): Promise<number> {
  await lockDomains(client, chunk);
  const existing = await alreadyThere(client, chunk);
  const fresh = chunk.lines.flatMap((_, i) => (existing.has(i) ? [] : [i]));
  return fresh.length === 0 ? 0 : copyOrBisect(client, chunk, fresh, refused);
}

async function insertIssues(client: PoolClient, batchId: number, issues: LineIssue[], severity: "error" | "warning") {
  if (!issues.length) return;
  await client.query(
    `insert into import_error (batch_id, line, reason, severity)
     select $1, unnest($2::int[]), unnest($3::text[]), $4::"ImportLineSeverity"`,
    [batchId, issues.map((e) => e.line), issues.map((e) => e.reason), severity],
  );
}

export interface WrittenChunk {
  inserted: number;
  /** The parser's rejected lines and any PostgreSQL refused, in line order. */
  rejected: LineIssue[];
  warnings: LineIssue[];
}

/** The batch is no longer this runner's (cancelled, or taken over): the chunk was rolled back. */
export class ClaimLostError extends Error {}

/**
 * Writes one parsed chunk: new rows, bad lines, warnings and progress in one transaction, and
 * only while `claim` still holds the batch (checked by the progress update, before commit).
 */
export async function writeChunk(client: PoolClient, batchId: number, chunk: ParsedChunk, claim: string): Promise<WrittenChunk> {
  await client.query("begin");
  try {
    const refused: LineIssue[] = [];
    const inserted = chunk.lines.length ? await insertNew(client, chunk, refused) : 0;
    const rejected = refused.length ? [...chunk.errors, ...refused].sort((a, b) => a.line - b.line) : chunk.errors;
    // A refused line's warning (if it had one) goes: the line is listed once, as rejected.
    const refusedLines = new Set(refused.map((r) => r.line));
    const warnings = refused.length ? chunk.warnings.filter((w) => !refusedLines.has(w.line)) : chunk.warnings;
    await insertIssues(client, batchId, rejected, "error");
    await insertIssues(client, batchId, warnings, "warning");
    const { rowCount } = await client.query(
      `update import_batch set bytes_read = $2, lines_read = $3, inserted = inserted + $4,
         duplicates = duplicates + $5, rejected = rejected + $6, warnings = warnings + $7, heartbeat_at = now()
       where id = $1 and claim_id = $8 and status = 'running'`,
      [batchId, chunk.bytesRead, chunk.linesRead, inserted, chunk.goodLines - refused.length - inserted, rejected.length, warnings.length, claim],
    );
    if (rowCount !== 1) throw new ClaimLostError(`import #${batchId} is no longer run by this process`);
    await client.query("commit");
    return { inserted, rejected, warnings };
  } catch (err) {
    await client.query("rollback").catch(() => {});
    throw err;
  }
}
