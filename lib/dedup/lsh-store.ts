import type { PoolClient } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { BANDS } from "./minhash";
import { walkBand, type BandTable, type ExistingBands, type PairSink } from "./lsh";

// The LSH bands in PostgreSQL (neardup_band, key = band × 2^32 + hash): probe the buckets of
// new candidates, and write their rows with one binary COPY in key order (appends at the
// right edge of the primary key when the table is empty, a sequential walk otherwise).

type Q = Pick<PoolClient, "query">;

const PROBE_CHUNK = 50_000;

/** Existing rows sharing a key with the table's candidates (their own rows excluded). */
export async function probeExisting(q: Q, table: BandTable): Promise<ExistingBands> {
  const keys: number[] = [];
  for (let i = 0; i < table.n; i++) {
    for (let b = 0; b < BANDS; b++) keys.push(b * 4294967296 + table.bands[i * BANDS + b]);
  }
  keys.sort((x, y) => x - y);
  const band: number[] = [];
  const hash: number[] = [];
  const id: number[] = [];
  for (let at = 0; at < keys.length; at += PROBE_CHUNK) {
    // `key = any(sorted keys)`: one ordered walk of the primary key (an index-only scan);
    // a join with unnest() was planned as a hash join over the whole table (4 s at 2M rows).
    const { rows } = await q.query<{ band: number; hash: number; id: number }>(
      `select (b.key >> 32)::int as band, (b.key & 4294967295)::float8 as hash, b.candidate_id as id
         from neardup_band b where b.key = any($1::int8[])`,
      [keys.slice(at, at + PROBE_CHUNK)],
    );
    for (const r of rows) {
      band.push(r.band);
      hash.push(r.hash);
      id.push(r.id);
    }
  }
  return { band: Uint8Array.from(band), hash: Uint32Array.from(hash), id: Int32Array.from(id), m: id.length };
}

const ROW_BYTES = 2 + 4 + 8 + 4 + 4;
const FLUSH_ROWS = 8192;

/**
 * Find every band's pairs (into `sink`) and COPY the table's rows into neardup_band in the
 * same sorted walk. Runs on `client` inside the caller's transaction.
 *
 * `bulk` (the rows written outnumber those already there: a first pass over a pool): the
 * primary key is dropped and built again after the COPY, in the same transaction. Measured at
 * 2M rows: COPY into the indexed table 6.4–7.1 s, even in key order; COPY into the bare table
 * 1.6 s + building the index 1.5 s.
 */
export async function writeBandsAndPair(client: PoolClient, table: BandTable, existing: ExistingBands | null, sink: PairSink, wantBulk = false): Promise<number> {
  const bulk = wantBulk && (await dropIndexIfOwner(client));
  const rows = await copyBands(client, table, existing, sink);
  if (bulk) {
    await client.query("set local maintenance_work_mem = '256MB'");
    await client.query("alter table neardup_band add constraint neardup_band_pkey primary key (key, candidate_id)");
    // Fresh statistics now, not at autovacuum's leisure: the next import's probe is planned on them.
    await client.query("analyze neardup_band");
  }
  return rows;
}

/**
 * Only the tables' owner may drop and build the index: the web and worker run as the app role
 * (docs/decisions/0012), which then writes through the index (the e2e found this); the CLI and
 * benchmarks on an owner's DATABASE_URL take the fast path.
 */
async function dropIndexIfOwner(client: PoolClient): Promise<boolean> {
  await client.query("savepoint neardup_bulk");
  try {
    await client.query("alter table neardup_band drop constraint neardup_band_pkey");
    await client.query("release savepoint neardup_bulk");
    return true;
  } catch (err) {
    if ((err as { code?: string }).code !== "42501") throw err; // insufficient_privilege
    await client.query("rollback to savepoint neardup_bulk");
    return false;
  }
}

async function copyBands(client: PoolClient, table: BandTable, existing: ExistingBands | null, sink: PairSink): Promise<number> {
  const stream = client.query(copyFrom("copy neardup_band (key, candidate_id) from stdin with (format binary)"));
  const done = new Promise<void>((resolve, reject) => {
    stream.on("finish", resolve);
    stream.on("error", reject);
  });
  const header = Buffer.alloc(19);
  header.write("PGCOPY\n\xff\r\n\0", 0, "latin1");
  // flags (4) and header extension length (4) stay 0.
  await write(stream, header);
  let buf = Buffer.allocUnsafe(FLUSH_ROWS * ROW_BYTES);
  let at = 0;
  let rows = 0;
  for (let band = 0; band < BANDS; band++) {
    const pending: Buffer[] = [];
    walkBand(table, existing, band, sink, (hash, id) => {
      buf.writeInt16BE(2, at);
      buf.writeInt32BE(8, at + 2);
      buf.writeUInt32BE(band, at + 6); // high half of the int8 key
      buf.writeUInt32BE(hash, at + 10);
      buf.writeInt32BE(4, at + 14);
      buf.writeInt32BE(id, at + 18);
      at += ROW_BYTES;
      rows++;
      if (at === buf.length) {
        pending.push(buf);
        buf = Buffer.allocUnsafe(FLUSH_ROWS * ROW_BYTES);
        at = 0;
      }
    });
    for (const p of pending) await write(stream, p);
  }
  const trailer = Buffer.alloc(2);
  trailer.writeInt16BE(-1, 0);
  await write(stream, Buffer.concat([buf.subarray(0, at), trailer]));
  stream.end();
  await done;
  return rows;
}

/** Write with backpressure (a COPY error rejects `done`, which the caller awaits). */
function write(stream: NodeJS.WritableStream, chunk: Buffer): Promise<void> {
  return new Promise((resolve) => {
    if (stream.write(chunk)) resolve();
    else stream.once("drain", resolve);
  });
}

/** Mark the table's candidates hashed (with their shingle counts). */
export async function markHashed(q: Q, ids: Int32Array, domainIds: Int32Array, shingles: Int32Array): Promise<void> {
  const CHUNK = 100_000;
  for (let at = 0; at < ids.length; at += CHUNK) {
    await q.query(
      `insert into neardup_hashed (candidate_id, domain_id, shingles)
       select * from unnest($1::int[], $2::int[], $3::int[]) on conflict (candidate_id) do nothing`,
      [Array.from(ids.subarray(at, at + CHUNK)), Array.from(domainIds.subarray(at, at + CHUNK)), Array.from(shingles.subarray(at, at + CHUNK))],
    );
  }
}
