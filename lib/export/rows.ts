import { pool } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import type { MixtureRow, SnapshotRow } from "./types";

// The streams export writers read (h/exportfmt): rows come from snapshot_item in batches,
// never a whole snapshot in memory. Each stream is ONE ordered query read through a
// server-side cursor in a read-only repeatable-read transaction: a page-by-page keyset was
// measured re-sorting the rest of the snapshot on every page when snapshot_item's statistics
// were stale (a bitmap scan + sort chosen over the primary key: O(n²/batch)), which a single
// statement cannot do. The price is one pooled connection held while the consumer reads.

const ROW_COLUMNS = `i.snapshot_id as "snapshotId", s.domain_id as "domainId", d.slug as domain,
  i.candidate_id as "candidateId", i.prompt, i.reference_answer as "referenceAnswer", i.response_text as response,
  i.response_source as "responseSource", i.response_sample_id::text as "responseSampleId", i.pass_rate as "passRate",
  i.ci_low as "ciLow", i.ci_high as "ciHigh", i.k, i.passes, i.band::text as band, i.judge_score as "judgeScore",
  i.verifier_kind::text as "verifierKind", i.metadata, i.source, i.token_estimate as "tokenEstimate",
  encode(i.item_hash, 'hex') as "itemHash"`;

const FROM = `snapshot_item i join domain_snapshot s on s.id = i.snapshot_id join domain d on d.id = s.domain_id`;

export interface SnapshotRowsOptions {
  batchSize?: number;
}

/** Every item of a snapshot in candidate order, fetched batchSize at a time. */
export async function* snapshotRows(snapshotId: number, opts: SnapshotRowsOptions = {}): AsyncGenerator<SnapshotRow> {
  const id = Math.trunc(Number(snapshotId));
  const exists = await pool().query("select 1 from domain_snapshot where id = $1", [id]);
  if (!exists.rowCount) throw notFound(`Snapshot #${snapshotId}`);
  yield* cursorRows<SnapshotRow>(`select ${ROW_COLUMNS} from ${FROM} where i.snapshot_id = ${id} order by i.snapshot_id, i.candidate_id`, opts.batchSize);
}

export interface MixtureRowsOptions {
  /** Shuffle with this seed (deterministic: the same seed gives the same order). */
  shuffleSeed?: number;
  batchSize?: number;
}

/**
 * A mixture's rows: each entry's snapshot, repeated `epochs` times (epoch 1..n) in epochs
 * mode, once with its weight in weights mode. Unshuffled: entry by entry (domain order), each
 * epoch in candidate order. Shuffled: ordered by md5(seed:snapshot:candidate:epoch), so the
 * same seed reproduces the same file.
 */
export async function* mixtureRows(mixtureId: number, opts: MixtureRowsOptions = {}): AsyncGenerator<MixtureRow> {
  const found = await pool().query("select 1 from mixture where id = $1", [mixtureId]);
  if (!found.rowCount) throw notFound(`Mixture #${mixtureId}`);
  yield* cursorRows<MixtureRow>(mixtureSql(mixtureId, `${ROW_COLUMNS}, m.id as "mixtureId", e.n as epoch, me.weight`, opts.shuffleSeed), opts.batchSize);
}

/**
 * The one query of a mixture's rows (mixtureRows, and copy-lines.ts's lines and counts):
 * `select` is the select list over i (snapshot_item), s, d, m, me and e(n) — the epoch.
 */
export function mixtureSql(mixtureId: number, select: string, shuffleSeed?: number, opts: { where?: string; ordered?: boolean } = {}): string {
  const order =
    shuffleSeed === undefined
      ? "d.slug, i.snapshot_id, e.n, i.candidate_id"
      : `md5(${Number(Math.trunc(shuffleSeed))}::text || ':' || i.snapshot_id || ':' || i.candidate_id || ':' || e.n)`;
  return `select ${select}
    from mixture m
    join mixture_entry me on me.mixture_id = m.id
    cross join lateral generate_series(1, case when m.mode = 'epochs' then coalesce(me.epochs, 1) else 1 end) as e(n)
    join ${FROM} on i.snapshot_id = me.snapshot_id
    where m.id = ${Math.trunc(Number(mixtureId))} and ${opts.where ?? "true"}
    ${opts.ordered === false ? "" : `order by ${order}`}`;
}

/**
 * Stream an ordered query (ids inlined as integers: DECLARE takes no parameters) in batches.
 * `rowMode: "array"`: rows as arrays (export's lean reader, export-source.ts).
 */
export async function* cursorRows<T extends object>(sql: string, batch = 1000, opts: { rowMode?: "array" } = {}): AsyncGenerator<T> {
  const batchSize = Math.max(1, Math.min(Math.trunc(batch), 50_000));
  const client = await pool().connect();
  let open = false;
  try {
    await client.query("begin isolation level repeatable read read only");
    open = true;
    await client.query(`declare export_rows no scroll cursor for ${sql}`);
    for (;;) {
      const text = `fetch ${batchSize} from export_rows`;
      const { rows } = (opts.rowMode ? await client.query({ text, rowMode: "array" }) : await client.query(text)) as unknown as { rows: T[] };
      for (const r of rows) yield r;
      if (rows.length < batchSize) break;
    }
    await client.query("commit");
    open = false;
  } finally {
    if (open) await client.query("rollback").catch(() => {});
    client.release();
  }
}
