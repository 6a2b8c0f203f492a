import { recordAuditIn, type Actor } from "@/lib/audit";
import { pool } from "@/lib/db/client";
import { badRequest, notFound } from "@/lib/errors";
import { inTransaction } from "@/lib/db/transaction";
import { mixtureInputSchema, type MixtureInput, type MixtureMode, type MixturePreview, type MixturePreviewDomain, type MixtureView } from "./types";

// Mixtures (docs/decisions/0018): one snapshot per domain, combined additively. Epochs mode
// repeats a domain's rows `epochs` times; weights mode writes each row once carrying its
// domain's weight (a per-row loss/sampling weight), so a domain's share is items × weight over
// the sum. Saving under an existing name makes the next version; nothing is ever updated.

interface EntrySnapshot {
  snapshotId: number;
  domainId: number;
  domain: string;
  version: number;
  items: number;
  tokens: number;
}

async function entrySnapshots(ids: number[]): Promise<Map<number, EntrySnapshot>> {
  const { rows } = await pool().query<EntrySnapshot>(
    `select s.id as "snapshotId", s.domain_id as "domainId", d.slug as domain, s.version, s.item_count as items,
            s.token_estimate::float8 as tokens
       from domain_snapshot s join domain d on d.id = s.domain_id where s.id = any($1::int[])`,
    [ids],
  );
  return new Map(rows.map((r) => [r.snapshotId, r]));
}

/** Per-domain rows, tokens and shares; pure over the snapshots' stored counts. */
export function mixtureShares(
  mode: MixtureMode,
  entries: { snapshot: EntrySnapshot; epochs: number | null; weight: number | null }[],
): MixturePreview {
  const perDomain: MixturePreviewDomain[] = entries.map(({ snapshot: s, epochs, weight }) => {
    const times = mode === "epochs" ? (epochs ?? 1) : 1;
    return {
      snapshotId: s.snapshotId, domainId: s.domainId, domain: s.domain, snapshotVersion: s.version, items: s.items,
      rows: s.items * times, tokens: s.tokens * times, epochs: mode === "epochs" ? times : null,
      weight: mode === "weights" ? (weight ?? 1) : null, share: 0,
    };
  });
  const mass = (d: MixturePreviewDomain) => (mode === "epochs" ? d.rows : d.rows * (d.weight ?? 1));
  const total = perDomain.reduce((n, d) => n + mass(d), 0);
  for (const d of perDomain) d.share = total > 0 ? mass(d) / total : 0;
  perDomain.sort((a, b) => a.domain.localeCompare(b.domain));
  return {
    mode,
    perDomain,
    rows: perDomain.reduce((n, d) => n + d.rows, 0),
    tokens: perDomain.reduce((n, d) => n + d.tokens, 0),
  };
}

/** Validate a mixture (400s name what is wrong) and compute its preview; writes nothing. */
export async function previewMixture(input: MixtureInput): Promise<MixturePreview> {
  const data = mixtureInputSchema.parse(input);
  const snapshots = await entrySnapshots(data.entries.map((e) => e.snapshotId));
  const seen = new Map<number, number>();
  const entries = data.entries.map((e) => {
    const s = snapshots.get(e.snapshotId);
    if (!s) throw badRequest(`Snapshot #${e.snapshotId} does not exist`);
    const other = seen.get(s.domainId);
    if (other !== undefined) {
      throw badRequest(`A mixture takes one snapshot per domain: #${other} and #${e.snapshotId} are both ${s.domain}`);
    }
    seen.set(s.domainId, e.snapshotId);
    if (data.mode === "epochs" && (e.epochs === undefined || e.weight !== undefined)) {
      throw badRequest(`Epochs mode: give snapshot #${e.snapshotId} an integer number of epochs (and no weight)`);
    }
    if (data.mode === "weights" && (e.weight === undefined || e.epochs !== undefined)) {
      throw badRequest(`Weights mode: give snapshot #${e.snapshotId} a weight (and no epochs)`);
    }
    return { snapshot: s, epochs: e.epochs ?? null, weight: e.weight ?? null };
  });
  return mixtureShares(data.mode, entries);
}

/** Save a mixture: version 1 of a new name, or the next version of an existing one. Audited. */
export async function createMixture(actor: Actor, input: MixtureInput): Promise<MixtureView> {
  const data = mixtureInputSchema.parse(input);
  const preview = await previewMixture(data);
  const id = await inTransaction(async (c) => {
    // Serialise saves of one name so two of them cannot both take the same next version.
    await c.query("select pg_advisory_xact_lock(hashtext('mixture:' || $1))", [data.name]);
    const { rows } = await c.query<{ id: number; version: number }>(
      `insert into mixture (name, version, created_by, mode, seed)
       select $1, coalesce(max(version), 0) + 1, $2, $3::"MixtureMode", $4 from mixture where name = $1
       returning id, version`,
      [data.name, actor.email ?? actor.id ?? "unknown", data.mode, data.seed ?? null],
    );
    const m = rows[0];
    await c.query(
      `insert into mixture_entry (mixture_id, snapshot_id, domain_id, epochs, weight)
       select $1, u.snapshot_id, u.domain_id, u.epochs, u.weight
         from unnest($2::int[], $3::int[], $4::int[], $5::float8[]) as u(snapshot_id, domain_id, epochs, weight)`,
      [m.id, preview.perDomain.map((d) => d.snapshotId), preview.perDomain.map((d) => d.domainId),
       preview.perDomain.map((d) => d.epochs), preview.perDomain.map((d) => d.weight)],
    );
    await recordAuditIn(c, {
      actor,
      action: "mixture.create",
      target: { type: "mixture", id: m.id },
      details: { name: data.name, version: m.version, mode: data.mode,
        entries: preview.perDomain.map((d) => ({ snapshotId: d.snapshotId, epochs: d.epochs, weight: d.weight })) },
    });
    return m.id;
  });
  return getMixture(id);
}

interface MixtureHead {
  id: number;
  name: string;
  version: number;
  createdBy: string;
  createdAt: Date;
  mode: MixtureMode;
  seed: number | null;
}

const HEAD_COLUMNS = `m.id, m.name, m.version, m.created_by as "createdBy", m.created_at as "createdAt", m.mode::text as mode, m.seed`;

async function withPreviews(heads: MixtureHead[]): Promise<MixtureView[]> {
  if (!heads.length) return [];
  const { rows } = await pool().query<{ mixtureId: number; snapshotId: number; epochs: number | null; weight: number | null }>(
    `select mixture_id as "mixtureId", snapshot_id as "snapshotId", epochs, weight from mixture_entry where mixture_id = any($1::int[])`,
    [heads.map((h) => h.id)],
  );
  const snapshots = await entrySnapshots([...new Set(rows.map((r) => r.snapshotId))]);
  return heads.map((h) => {
    const entries = rows
      .filter((r) => r.mixtureId === h.id)
      .map((r) => ({ snapshot: snapshots.get(r.snapshotId)!, epochs: r.epochs, weight: r.weight }));
    return { ...h, ...mixtureShares(h.mode, entries) };
  });
}

export async function getMixture(id: number): Promise<MixtureView> {
  const { rows } = await pool().query<MixtureHead>(`select ${HEAD_COLUMNS} from mixture m where m.id = $1`, [id]);
  if (!rows[0]) throw notFound(`Mixture #${id}`);
  return (await withPreviews(rows))[0];
}

/** Newest first, keyset by id. */
export async function listMixtures(input: { cursor?: number; limit?: number } = {}): Promise<{ items: MixtureView[]; nextCursor: number | null }> {
  const limit = Math.max(1, Math.min(input.limit ?? 50, 200));
  const { rows } = await pool().query<MixtureHead>(
    `select ${HEAD_COLUMNS} from mixture m where ($1::int is null or m.id < $1) order by m.id desc limit $2`,
    [input.cursor ?? null, limit + 1],
  );
  const more = rows.length > limit;
  const items = await withPreviews(more ? rows.slice(0, limit) : rows);
  return { items, nextCursor: more ? items[items.length - 1].id : null };
}
