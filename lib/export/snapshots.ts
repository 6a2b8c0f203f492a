import type { Principal } from "@/lib/auth/principal";
import { pool } from "@/lib/db/client";
import { AppError, badRequest, notFound } from "@/lib/errors";
import { readableDomainIds } from "@/lib/review";
import { itemsPageSchema, listSnapshotsSchema, type SnapshotView } from "./types";

// Reading snapshots: leads and admins every domain, a reviewer the domains they are assigned
// to (another domain's snapshot is a 403, like its candidates).

const VIEW_COLUMNS = `s.id, s.domain_id as "domainId", d.slug as domain, d.name as "domainName", s.version,
  s.created_by as "createdBy", s.created_at as "createdAt", s.note, s.band_low as "bandLow", s.band_high as "bandHigh",
  s.settings, s.runs, s.counts, s.item_count as "itemCount", s.token_estimate::float8 as "tokenEstimate",
  s.content_hash as "contentHash"`;

export async function listSnapshots(
  principal: Principal,
  input: { domain?: string; cursor?: number; limit?: number } = {},
): Promise<{ items: SnapshotView[]; nextCursor: number | null }> {
  const f = listSnapshotsSchema.parse(input);
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  const cond: string[] = [];
  const ids = await readableDomainIds(principal);
  if (ids) cond.push(`s.domain_id = any(${p(ids)}::int[])`);
  if (f.domain) cond.push(`d.slug = ${p(f.domain)}`);
  if (f.cursor) cond.push(`s.id < ${p(f.cursor)}`);
  const { rows } = await pool().query<SnapshotView>(
    `select ${VIEW_COLUMNS} from domain_snapshot s join domain d on d.id = s.domain_id
      ${cond.length ? `where ${cond.join(" and ")}` : ""} order by s.id desc limit ${p(f.limit + 1)}`,
    params,
  );
  const more = rows.length > f.limit;
  const items = more ? rows.slice(0, f.limit) : rows;
  return { items, nextCursor: more ? items[items.length - 1].id : null };
}

/** One snapshot (403 for a reviewer outside its domain). */
export async function getSnapshot(principal: Principal | null, id: number): Promise<SnapshotView> {
  const { rows } = await pool().query<SnapshotView>(
    `select ${VIEW_COLUMNS} from domain_snapshot s join domain d on d.id = s.domain_id where s.id = $1`,
    [id],
  );
  if (!rows[0]) throw notFound(`Snapshot #${id}`);
  if (principal) await assertReads(principal, rows[0].domainId);
  return rows[0];
}

async function assertReads(principal: Principal, domainId: number): Promise<void> {
  const ids = await readableDomainIds(principal);
  if (ids && !ids.includes(domainId)) throw new AppError("forbidden", "This snapshot belongs to a domain you are not assigned to");
}

export interface SnapshotItemPreview {
  candidateId: number;
  prompt: string;
  referenceAnswer: string | null;
  response: string | null;
  responseSource: string;
  passRate: number | null;
  k: number | null;
  passes: number | null;
  band: string | null;
  tokenEstimate: number;
}

const PREVIEW_COLUMNS = `i.candidate_id as "candidateId", left(i.prompt, 2000) as prompt, left(i.reference_answer, 500) as "referenceAnswer",
  left(i.response_text, 2000) as response, i.response_source as "responseSource", i.pass_rate as "passRate", i.k, i.passes,
  i.band::text as band, i.token_estimate as "tokenEstimate"`;

/** A keyset page of a snapshot's items (candidate order), texts cut for display. */
export async function snapshotItems(
  principal: Principal,
  id: number,
  input: { cursor?: number; limit?: number } = {},
): Promise<{ items: SnapshotItemPreview[]; nextCursor: number | null }> {
  await getSnapshot(principal, id);
  const f = itemsPageSchema.parse(input);
  const { rows } = await pool().query<SnapshotItemPreview>(
    `select ${PREVIEW_COLUMNS} from snapshot_item i where i.snapshot_id = $1 and i.candidate_id > $2
      order by i.candidate_id limit $3`,
    [id, f.cursor ?? 0, f.limit + 1],
  );
  const more = rows.length > f.limit;
  const items = more ? rows.slice(0, f.limit) : rows;
  return { items, nextCursor: more ? items[items.length - 1].candidateId : null };
}

export type DiffKind = "added" | "removed" | "changed";

export interface SnapshotDiff {
  from: { id: number; version: number };
  to: { id: number; version: number };
  counts: { added: number; removed: number; changed: number; same: number };
  items: { candidateId: number; kind: DiffKind; responseChanged: boolean; prompt: string; before: string | null; after: string | null }[];
  nextCursor: number | null;
}

/** Both snapshots' items joined by candidate; `after` (a parameter) pushes a page's keyset into both sides. */
const diffJoin = (after = "0") => `from (select candidate_id, item_hash, response_hash, prompt, response_text from snapshot_item
                where snapshot_id = $1 and candidate_id > ${after}) a
  full join (select candidate_id, item_hash, response_hash, prompt, response_text from snapshot_item
              where snapshot_id = $2 and candidate_id > ${after}) b
    on a.candidate_id = b.candidate_id`;
const KIND = `case when a.candidate_id is null then 'added' when b.candidate_id is null then 'removed'
  when a.item_hash <> b.item_hash then 'changed' else 'same' end`;

/**
 * What changed from snapshot `fromId` to `toId` (same domain): items added, removed, or
 * changed (prompt, reference or chosen response differ; `responseChanged` says whether the
 * response did, by its hash). Counts in one aggregate; items as a keyset page by candidate id.
 */
export async function diffSnapshots(
  principal: Principal | null,
  fromId: number,
  toId: number,
  input: { cursor?: number; limit?: number; kind?: DiffKind } = {},
): Promise<SnapshotDiff> {
  const [a, b] = await Promise.all([getSnapshot(principal, fromId), getSnapshot(principal, toId)]);
  if (a.domainId !== b.domainId) throw badRequest("Diff compares two snapshots of one domain");
  const f = itemsPageSchema.parse(input);
  const counts = await pool().query<SnapshotDiff["counts"]>(
    `select count(*) filter (where k = 'added')::int as added, count(*) filter (where k = 'removed')::int as removed,
            count(*) filter (where k = 'changed')::int as changed, count(*) filter (where k = 'same')::int as same
       from (select ${KIND} as k ${diffJoin()}) x`,
    [fromId, toId],
  );
  const params: unknown[] = [fromId, toId, f.cursor ?? 0, f.limit + 1];
  const kindCond = input.kind ? `and k = $${params.push(input.kind)}` : "and k <> 'same'";
  const { rows } = await pool().query<SnapshotDiff["items"][number]>(
    `select * from (
       select coalesce(a.candidate_id, b.candidate_id) as "candidateId", ${KIND} as k,
              a.response_hash is distinct from b.response_hash and a.candidate_id is not null and b.candidate_id is not null as "responseChanged",
              left(coalesce(b.prompt, a.prompt), 300) as prompt, left(a.response_text, 1000) as before, left(b.response_text, 1000) as after
       ${diffJoin("$3")}) x
      where true ${kindCond}
      order by "candidateId" limit $4`,
    params,
  );
  const more = rows.length > f.limit;
  const page = (more ? rows.slice(0, f.limit) : rows).map(({ k, ...r }: typeof rows[number] & { k?: DiffKind }) => ({ ...r, kind: k as DiffKind }));
  return {
    from: { id: a.id, version: a.version },
    to: { id: b.id, version: b.version },
    counts: counts.rows[0],
    items: page,
    nextCursor: more ? page[page.length - 1].candidateId : null,
  };
}
