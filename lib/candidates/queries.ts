import { z } from "zod";
import { db, pool } from "@/lib/db/client";
import { dbId } from "@/lib/db/ids";
import { domainIdsBySlug } from "@/lib/domains";
import { notFound } from "@/lib/errors";
import { textConditions } from "./search";
import { searchQuery } from "./search-lane";

export const stages = ["imported", "scored", "triaged", "in_review", "accepted", "rejected"] as const;

// URL query strings carry "" for an untouched filter field: treat it as absent.
const blank = z.literal("").transform(() => undefined);
// No NUL: PostgreSQL text cannot hold one, so a `q=%00` would be a 500 from the database.
const optionalText = (max: number) => z.string().trim().max(max).refine((s) => !s.includes("\0"), "must not contain a NUL character").optional().or(blank);
const optionalId = dbId.optional().or(blank);

export const candidateFilterSchema = z.object({
  domain: optionalText(40),
  stage: z.enum(stages).optional().or(blank),
  source: optionalText(200),
  batch: optionalId,
  q: optionalText(200),
  /** Older page: ids below this one. */
  cursor: optionalId,
  /** Newer page: ids above this one (ignored when `cursor` is set). */
  after: optionalId,
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type CandidateFilter = z.input<typeof candidateFilterSchema>;

export interface CandidateListItem {
  id: number;
  domain: string;
  stage: string;
  source: string | null;
  batchId: number | null;
  preview: string;
  hasAnswer: boolean;
  createdAt: Date;
}

export interface CandidatePage {
  items: CandidateListItem[];
  /** Pass as `cursor` for the next older page; null on the oldest page. */
  nextCursor: number | null;
  /** Pass as `after` for the next newer page; null on the newest page. */
  prevCursor: number | null;
}


const COLUMNS = `c.id, c.stage::text as stage, c.source, c.batch_id as "batchId",
  left(c.prompt, 300) as preview, c.answer is not null as "hasAnswer", c.created_at as "createdAt"`;

/**
 * Newest first, keyset-paginated on id: `id < cursor` for older pages, `id > after` for newer
 * ones. ORDER BY id LIMIT n+1 — no OFFSET and no COUNT — so every page costs about the same
 * at 1.4M rows and no row is skipped or repeated while imports add rows.
 *
 * Which index does the walking:
 * - a batch filter: (batch_id, id), in id order.
 * - a domain and/or stage filter: one "lane" per (domain, stage) pair, each an ordered walk of
 *   (domain_id, stage, id) limited to n+1, merged. A plain `WHERE stage = 'accepted'` would
 *   walk the primary key past every non-matching row (measured: 340 ms for a stage or a small
 *   domain whose rows are old, vs ~2 ms in lanes).
 * - a source filter alone: (source, id), in id order.
 * - otherwise: the primary key, backwards.
 * A source within a lane: each branch is planned with its values, and a rare source walks
 * (source, id) instead (2 ms for a rare source in a domain at 1.4M rows, bench:browse).
 * Text search (`q`: every word or "phrase" as a case-insensitive substring, see search.ts)
 * is checked row by row during the walk, which stops as soon as the page is full; a term
 * that matches nothing reads everything in scope (~3 s over 1.4M rows, bench:browse). A
 * trigram index would fix that, at a cost to every import (ADR 0003); meanwhile a text search
 * runs in its own lane, bounded in number and time (search-lane.ts).
 */
export async function listCandidates(input: CandidateFilter, opts: { searchTimeoutMs?: number } = {}): Promise<CandidatePage> {
  const f = candidateFilterSchema.parse(input);
  const newer = f.cursor === undefined && f.after !== undefined;
  const lanes = f.batch || !(f.domain || f.stage) ? null : await lanesFor(f.domain, f.stage);
  if (lanes && lanes.length === 0) return { items: [], nextCursor: null, prevCursor: null }; // unknown domain
  const { sql, params } = listSql(f, newer, lanes);
  const rows = f.q
    ? await searchQuery<CandidateListItem>(sql, params, opts.searchTimeoutMs)
    : (await pool().query<CandidateListItem>(sql, params)).rows;
  const more = rows.length > f.limit;
  const page = more ? rows.slice(0, f.limit) : rows;
  if (newer) page.reverse(); // fetched oldest-first to find the ids just above `after`
  const first = page[0]?.id ?? null;
  const last = page[page.length - 1]?.id ?? null;
  return {
    items: page,
    // Arriving from one side means rows exist on that side (unless deleted meanwhile: then
    // that page is simply empty).
    nextCursor: newer ? (last ?? f.after!) : more ? last : null,
    prevCursor: newer ? (more ? first : null) : f.cursor !== undefined ? (first ?? f.cursor) : null,
  };
}

type Lane = { domainId: number; stage: string };

/** Every (domain, stage) pair a domain and/or stage filter selects. */
async function lanesFor(domain: string | undefined, stage: string | undefined): Promise<Lane[]> {
  const ids = await domainIdsBySlug();
  const domainIds = domain ? (ids.has(domain) ? [ids.get(domain)!] : []) : [...ids.values()];
  return domainIds.flatMap((domainId) => (stage ? [stage] : stages).map((s) => ({ domainId, stage: s })));
}

function listSql(f: z.infer<typeof candidateFilterSchema>, newer: boolean, lanes: Lane[] | null) {
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  const cond: string[] = [];
  if (f.source) cond.push(`c.source = ${p(f.source)}`);
  if (f.batch) cond.push(`c.batch_id = ${p(f.batch)}`);
  if (f.q) cond.push(...textConditions("c.prompt", f.q, p));
  if (f.cursor) cond.push(`c.id < ${p(f.cursor)}`);
  else if (f.after) cond.push(`c.id > ${p(f.after)}`);
  const order = newer ? "asc" : "desc";
  const limit = p(f.limit + 1);

  if (lanes) {
    // One branch per lane with its values as parameters, so the planner (which plans an
    // unnamed statement with the actual values) sees each lane's real size; a LATERAL join
    // over the same lanes was planned generically and walked the primary key (2.6 s).
    // UNION ALL of sorted branches becomes a Merge Append that stops at the outer LIMIT.
    const branches = lanes.map(
      (l) => `(select ${COLUMNS}, d.slug as domain from candidate c join domain d on d.id = c.domain_id
         where c.domain_id = ${p(l.domainId)} and c.stage = ${p(l.stage)}::"CandidateStage"${cond.map((x) => ` and ${x}`).join("")}
         order by c.id ${order} limit ${limit})`,
    );
    return { sql: `select * from (${branches.join(" union all ")}) lane order by id ${order} limit ${limit}`, params };
  }

  if (f.domain) cond.push(`c.domain_id = (select id from domain where slug = ${p(f.domain)})`);
  if (f.stage) cond.push(`c.stage = ${p(f.stage)}::"CandidateStage"`);
  const sql = `
    select ${COLUMNS}, d.slug as domain
      from candidate c join domain d on d.id = c.domain_id
     ${cond.length ? `where ${cond.join(" and ")}` : ""}
     order by c.id ${order} limit ${limit}`;
  return { sql, params };
}

export async function getCandidate(id: number) {
  const c = await db().candidate.findUnique({
    where: { id },
    select: {
      id: true,
      prompt: true,
      answer: true,
      source: true,
      metadata: true,
      stage: true,
      createdAt: true,
      domainId: true,
      batchId: true,
    },
  });
  if (!c) throw notFound(`Candidate #${id}`);
  // Two point lookups: candidate has no relation to them (docs/decisions/0007).
  const { domainId, batchId, ...rest } = c;
  const [domain, batch] = await Promise.all([
    db().domain.findUniqueOrThrow({ where: { id: domainId }, select: { slug: true, name: true, answerKind: true } }),
    batchId === null ? null : db().importBatch.findUnique({ where: { id: batchId }, select: { id: true, fileName: true } }),
  ]);
  return { ...rest, domain, batch };
}

// Suggestions for the source filter, exact: a skip scan of the (source, id) index, one probe
// per distinct source (a plain DISTINCT reads all 1.4M rows, ~470 ms).
const SOURCE_SUGGESTIONS = 200;

export async function listSources(): Promise<string[]> {
  const { rows } = await pool().query<{ source: string }>(
    `with recursive s(source) as (
       (select source from candidate where source is not null order by source limit 1)
       union all
       select (select c.source from candidate c where c.source > s.source order by c.source limit 1)
         from s where s.source is not null)
     select source from s where source is not null limit $1`,
    [SOURCE_SUGGESTIONS],
  );
  return rows.map((r) => r.source);
}
