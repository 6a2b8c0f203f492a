import { pool } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import type { MixtureRow, SnapshotRow } from "./types";

// The streams export writers read (h/exportfmt): rows come straight from snapshot_item in
// pages, never a whole snapshot in memory. snapshotRows walks the primary key
// (snapshot_id, candidate_id) by keyset; a shuffled mixture is one ordered query read through
// a server-side cursor (a keyset over a hash order would re-sort the whole set per page).

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

/** Every item of a snapshot in candidate order, fetched batchSize at a time (keyset). */
export async function* snapshotRows(snapshotId: number, opts: SnapshotRowsOptions = {}): AsyncGenerator<SnapshotRow> {
  const batchSize = Math.max(1, Math.min(opts.batchSize ?? 1000, 50_000));
  const exists = await pool().query("select 1 from domain_snapshot where id = $1", [snapshotId]);
  if (!exists.rowCount) throw notFound(`Snapshot #${snapshotId}`);
  let after = 0;
  for (;;) {
    const { rows } = await pool().query<SnapshotRow>(
      `select ${ROW_COLUMNS} from ${FROM} where i.snapshot_id = $1 and i.candidate_id > $2 order by i.candidate_id limit $3`,
      [snapshotId, after, batchSize],
    );
    for (const r of rows) yield r;
    if (rows.length < batchSize) return;
    after = rows[rows.length - 1].candidateId;
  }
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
  const batchSize = Math.max(1, Math.min(opts.batchSize ?? 1000, 50_000));
  const found = await pool().query("select 1 from mixture where id = $1", [mixtureId]);
  if (!found.rowCount) throw notFound(`Mixture #${mixtureId}`);
  const seed = opts.shuffleSeed;
  const order =
    seed === undefined
      ? "d.slug, i.snapshot_id, e.n, i.candidate_id"
      : `md5(${Number(Math.trunc(seed))}::text || ':' || i.snapshot_id || ':' || i.candidate_id || ':' || e.n)`;
  const sql = `select ${ROW_COLUMNS}, m.id as "mixtureId", e.n as epoch, me.weight
    from mixture m
    join mixture_entry me on me.mixture_id = m.id
    cross join lateral generate_series(1, case when m.mode = 'epochs' then coalesce(me.epochs, 1) else 1 end) as e(n)
    join ${FROM} on i.snapshot_id = me.snapshot_id
    where m.id = ${Math.trunc(Number(mixtureId))}
    order by ${order}`;
  const client = await pool().connect();
  let open = false;
  try {
    await client.query("begin isolation level repeatable read read only");
    open = true;
    await client.query(`declare mixture_rows no scroll cursor for ${sql}`);
    for (;;) {
      const { rows } = await client.query<MixtureRow>(`fetch ${batchSize} from mixture_rows`);
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
