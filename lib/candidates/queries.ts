import { z } from "zod";
import { db, pool } from "@/lib/db/client";
import { dbId } from "@/lib/db/ids";
import { domainIdsBySlug } from "@/lib/domains";
import { AppError, notFound } from "@/lib/errors";
import { eligibleSql } from "./eligible";
import { textConditions } from "./search";
import { searchQuery } from "./search-lane";

export const stages = ["imported", "scored", "triaged", "in_review", "accepted", "rejected"] as const;
/** The band filter: a stored band (candidate_score) or "unscored" (no candidate_score row). */
export const bandFilters = ["teachable", "too_easy", "too_hard", "unverifiable", "unscored"] as const;
export type BandFilter = (typeof bandFilters)[number];
/** The curation flags (lib/dedup): near-duplicates, contaminated, or clean (neither: eligible.ts). */
export const flagFilters = ["near_dup", "contaminated", "clean"] as const;

// URL query strings carry "" for an untouched filter field: treat it as absent.
const blank = z.literal("").transform(() => undefined);
// No NUL: PostgreSQL text cannot hold one, so a `q=%00` would be a 500 from the database.
const optionalText = (max: number) => z.string().trim().max(max).refine((s) => !s.includes("\0"), "must not contain a NUL character").optional().or(blank);
const optionalId = dbId.optional().or(blank);
// "" first: z.coerce.number() would read "" as 0.
const optionalCount = (max: number) => blank.or(z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(0).max(max)).optional();

/**
 * Every filter the list takes. Strict: an unknown parameter (a typo such as `bnad=`) is a 400
 * naming it, never silently ignored — a silently ignored filter shows the wrong candidates.
 */
export const candidateFilterSchema = z
  .object({
    domain: optionalText(40),
    stage: z.enum(stages).optional().or(blank),
    /** teachable | too_easy | too_hard | unverifiable (candidate_score.band), or unscored. */
    band: z.enum(bandFilters).optional().or(blank),
    /** Candidates whose current score comes from this scoring run (a run page's histogram). */
    run: optionalId,
    /**
     * A histogram bar: pass rate ≈ passes/k, binned as the histogram bins it (the pass rate
     * times k, rounded), so a bar's link lists exactly that bar's candidates. Both or neither.
     */
    passes: optionalCount(128),
    k: optionalCount(128),
    source: optionalText(200),
    batch: optionalId,
    /** near_dup | contaminated | clean (neither flag: what runs, queues and exports take). */
    flag: z.enum(flagFilters).optional().or(blank),
    q: optionalText(200),
    /** Older page: ids below this one. */
    cursor: optionalId,
    /** Newer page: ids above this one (ignored when `cursor` is set). */
    after: optionalId,
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict()
  .refine((f) => (f.passes === undefined) === (f.k === undefined), { message: "passes and k go together", path: ["passes"] })
  .refine((f) => f.passes === undefined || f.k === undefined || (f.k > 0 && f.passes <= f.k), { message: "passes must be between 0 and k (k ≥ 1)", path: ["passes"] });
export type CandidateFilter = z.input<typeof candidateFilterSchema>;
type Filter = z.infer<typeof candidateFilterSchema>;

export interface CandidateListItem {
  id: number;
  domain: string;
  stage: string;
  source: string | null;
  batchId: number | null;
  preview: string;
  hasAnswer: boolean;
  createdAt: Date;
  /** The near-duplicate cluster's representative when this one is flagged (lib/dedup). */
  nearDupOf: number | null;
  contaminated: boolean;
  /** From candidate_score: null when never scored. */
  band: string | null;
  passRate: number | null;
  passes: number | null;
  k: number | null;
}

export interface CandidatePage {
  items: CandidateListItem[];
  /** Pass as `cursor` for the next older page; null on the oldest page. */
  nextCursor: number | null;
  /** Pass as `after` for the next newer page; null on the newest page. */
  prevCursor: number | null;
}

export interface ListOptions {
  searchTimeoutMs?: number;
  /** The domains the caller may read (lib/review readableDomainIds); null or absent: all. */
  domainIds?: number[] | null;
}

const EMPTY: CandidatePage = { items: [], nextCursor: null, prevCursor: null };

const COLUMNS = `c.id, c.stage::text as stage, c.source, c.batch_id as "batchId",
  left(c.prompt, 300) as preview, c.answer is not null as "hasAnswer", c.created_at as "createdAt",
  c.near_dup_of as "nearDupOf", c.contaminated,
  s.band::text as band, s.pass_rate as "passRate", s.passes, s.k, d.slug as domain`;

/**
 * Newest first, keyset-paginated on id: `id < cursor` for older pages, `id > after` for newer
 * ones. ORDER BY id LIMIT n+1 — no OFFSET and no COUNT — so every page costs about the same
 * at 1.4M rows and no row is skipped or repeated while imports add rows.
 *
 * Which index does the walking:
 * - a run filter: run_item's primary key (run_id, candidate_id), in id order, joined to the
 *   run's current scores (candidate_score.run_id = run): exactly what the run's histogram counts.
 * - a batch filter: (batch_id, id), in id order.
 * - a stored band (teachable, too easy, too hard, unverifiable): one lane per domain, each an
 *   ordered walk of candidate_score (domain_id, band, candidate_id, pass_rate), merged. A
 *   histogram bar (passes of k) walks every band's lane with its pass-rate range checked in
 *   the index, so rows of other bars are skipped without reading them. With a stage filter
 *   the stage lanes below walk instead, checking the band on each row's score.
 * - a domain and/or stage filter: one "lane" per (domain, stage) pair, each an ordered walk of
 *   (domain_id, stage, id) limited to n+1, merged. A plain `WHERE stage = 'accepted'` would
 *   walk the primary key past every non-matching row (measured: 340 ms for a stage or a small
 *   domain whose rows are old, vs ~2 ms in lanes). "unscored" rides the imported lanes as an
 *   anti-join on candidate_score's primary key (UNSCORED_STAGES).
 * - a reviewer (restricted to some domains) without a domain filter: the lanes of their domains.
 * - a contaminated / near-duplicate flag: the stage lanes of every domain in scope, each walking
 *   the flag's partial index (domain_id, stage, id) WHERE flag — only flagged rows, so a rare
 *   flag costs a few index pages (a filter on the primary key read the whole pool: a parallel
 *   seq scan, 39 ms / 8k buffers at 200k rows).
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
export async function listCandidates(input: CandidateFilter, opts: ListOptions = {}): Promise<CandidatePage> {
  const f = candidateFilterSchema.parse(input);
  const newer = f.cursor === undefined && f.after !== undefined;
  const domainIds = await domainScope(f.domain, opts.domainIds ?? null);
  if (domainIds?.length === 0) return EMPTY; // unknown domain, or a reviewer with none
  if (f.run !== undefined) {
    const runDomain = await runDomainId(f.run);
    if (runDomain === null) return EMPTY;
    if (opts.domainIds && !opts.domainIds.includes(runDomain)) throw forbiddenDomain("This run");
  }
  const { sql, params } = listSql(f, newer, await planFor(f, domainIds));
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

const forbiddenDomain = (what: string) => new AppError("forbidden", `${what} belongs to a domain you are not assigned to; a lead can assign you`);

/**
 * The domain ids in scope: the filter's domain (403 when the caller may not read it; [] when
 * it does not exist), else the caller's domains, else null (every domain, nothing to check).
 */
async function domainScope(slug: string | undefined, allowed: number[] | null): Promise<number[] | null> {
  if (!slug) return allowed;
  const id = (await domainIdsBySlug()).get(slug);
  if (id === undefined) return [];
  if (allowed && !allowed.includes(id)) throw forbiddenDomain(`The domain "${slug}"`);
  return [id];
}

async function runDomainId(runId: number): Promise<number | null> {
  const { rows } = await pool().query<{ domain_id: number }>("select domain_id from scoring_run where id = $1", [runId]);
  return rows[0]?.domain_id ?? null;
}

const scoredBand = (band: BandFilter | undefined): band is Exclude<BandFilter, "unscored"> => band !== undefined && band !== "unscored";

type Plan =
  | { kind: "run" | "plain"; domainIds: number[] | null }
  | { kind: "bandLanes"; lanes: { domainId: number; band: string }[] }
  | { kind: "stageLanes"; lanes: { domainId: number; stage: string }[] };

/**
 * Scoring is what moves a candidate out of "imported" (lib/scoring/record.ts writes the score
 * and the stage together; review only acts on scored items), so without a stage filter the
 * unscored live in the imported lanes: walking the others would read every scored row to
 * find none (an anti-join per row: ~1 s per 400k scored rows).
 */
const UNSCORED_STAGES = ["imported"] as const;

async function planFor(f: Filter, domainIds: number[] | null): Promise<Plan> {
  if (f.run !== undefined) return { kind: "run", domainIds };
  if (f.batch !== undefined) return { kind: "plain", domainIds };
  const everyDomain = async () => domainIds ?? [...(await domainIdsBySlug()).values()];
  // A histogram bar (passes of k) is scored by definition: walk the scores, band by band. A
  // stage is usually the rarer side (accepted, in review): then the stage lanes walk, and the
  // band is checked on each row's score.
  if (!f.stage && (scoredBand(f.band) || f.passes !== undefined)) {
    const wanted = scoredBand(f.band) ? [f.band] : bandFilters.filter(scoredBand);
    return { kind: "bandLanes", lanes: (await everyDomain()).flatMap((domainId) => wanted.map((band) => ({ domainId, band }))) };
  }
  const unscored = f.band === "unscored";
  // A flag (rare by nature: a few % of a pool, often none) walks its partial index lane by lane
  // (candidate_contaminated_idx, candidate_near_dup_idx), never the whole primary key.
  const flagged = f.flag === "contaminated" || f.flag === "near_dup";
  if (!domainIds && !f.stage && !unscored && !flagged) return { kind: "plain", domainIds: null };
  // Every (domain, stage) pair a domain and/or stage filter (or a reviewer's domains) selects.
  const laneStages: readonly string[] = f.stage ? [f.stage] : unscored ? UNSCORED_STAGES : stages;
  const ids = await everyDomain();
  return { kind: "stageLanes", lanes: ids.flatMap((domainId) => laneStages.map((stage) => ({ domainId, stage }))) };
}

function listSql(f: Filter, newer: boolean, plan: Plan) {
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  // The id the walk is ordered by: the index's own column, so the cursor bounds the walk.
  const idCol = plan.kind === "run" ? "i.candidate_id" : plan.kind === "bandLanes" ? "s.candidate_id" : "c.id";
  const cond: string[] = [];
  if (f.source) cond.push(`c.source = ${p(f.source)}`);
  if (f.batch) cond.push(`c.batch_id = ${p(f.batch)}`);
  // In the stage lanes these match a partial index (planFor); "clean" is most rows, so a page fills fast.
  if (f.flag === "near_dup") cond.push("c.near_dup_of is not null");
  else if (f.flag === "contaminated") cond.push("c.contaminated");
  else if (f.flag === "clean") cond.push(eligibleSql("c"));
  if (f.q) cond.push(...textConditions("c.prompt", f.q, p));
  if (f.band === "unscored") cond.push("s.candidate_id is null");
  else if (f.band && plan.kind !== "bandLanes") cond.push(`s.band = ${p(f.band)}::"Band"`);
  if (f.passes !== undefined && f.k !== undefined) {
    // The histogram's own binning (round(rate × k), scores at that k), plus the range it implies on pass_rate
    // (widened by a hair for float error) so the index checks it before any row is read.
    const k = p(f.k);
    cond.push(`s.pass_rate >= ${p((f.passes - 0.5) / f.k - 1e-9)} and s.pass_rate < ${p((f.passes + 0.5) / f.k + 1e-9)}`);
    cond.push(`round(s.pass_rate * ${k})::int = ${p(f.passes)}`);
    // Bars bin the scores taken at one k (3/8 is not a bar of a k = 4 histogram): so does the link.
    cond.push(`s.k = ${k}`);
  }
  if (f.stage && plan.kind !== "stageLanes") cond.push(`c.stage = ${p(f.stage)}::"CandidateStage"`);
  if ((plan.kind === "run" || plan.kind === "plain") && plan.domainIds) cond.push(`c.domain_id = any(${p(plan.domainIds)}::int[])`);
  // On the walked index's column, and on c.id too: that bounds the candidate side of a merge join.
  const bound = (op: string, v: number) => [idCol, ...(idCol === "c.id" ? [] : ["c.id"])].forEach((col) => cond.push(`${col} ${op} ${p(v)}`));
  if (f.cursor) bound("<", f.cursor);
  else if (f.after) bound(">", f.after);
  const order = newer ? "asc" : "desc";
  const limit = p(f.limit + 1);
  const and = (extra: string[]) => [...extra, ...cond].join(" and ") || "true";

  if (plan.kind === "stageLanes" || plan.kind === "bandLanes") {
    // One branch per lane with its values as parameters, so the planner (which plans an
    // unnamed statement with the actual values) sees each lane's real size; a LATERAL join
    // over the same lanes was planned generically and walked the primary key (2.6 s).
    // UNION ALL of sorted branches becomes a Merge Append that stops at the outer LIMIT.
    const branches =
      plan.kind === "stageLanes"
        ? plan.lanes.map(
            (l) => `(select ${COLUMNS} from candidate c join domain d on d.id = c.domain_id
               left join candidate_score s on s.candidate_id = c.id
               where ${and([`c.domain_id = ${p(l.domainId)}`, `c.stage = ${p(l.stage)}::"CandidateStage"`])}
               order by c.id ${order} limit ${limit})`,
          )
        : plan.lanes.map(
            (l) => `(select ${COLUMNS} from candidate_score s join candidate c on c.id = s.candidate_id
               join domain d on d.id = c.domain_id
               where ${and([`s.domain_id = ${p(l.domainId)}`, `s.band = ${p(l.band)}::"Band"`])}
               order by s.candidate_id ${order} limit ${limit})`,
          );
    return { sql: `select * from (${branches.join(" union all ")}) lane order by id ${order} limit ${limit}`, params };
  }

  const from =
    plan.kind === "run"
      ? `run_item i join candidate_score s on s.candidate_id = i.candidate_id and s.run_id = i.run_id
         join candidate c on c.id = i.candidate_id`
      : "candidate c left join candidate_score s on s.candidate_id = c.id";
  const runCond = plan.kind === "run" ? [`i.run_id = ${p(f.run)}`] : [];
  const sql = `
    select ${COLUMNS}
      from ${from} join domain d on d.id = c.domain_id
     where ${and(runCond)}
     order by ${idCol} ${order} limit ${limit}`;
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
    db().domain.findUniqueOrThrow({ where: { id: domainId }, select: { id: true, slug: true, name: true, answerKind: true } }),
    batchId === null ? null : db().importBatch.findUnique({ where: { id: batchId }, select: { id: true, fileName: true } }),
  ]);
  return { ...rest, domain, batch };
}

/** The domain a candidate belongs to (who may read it follows from that); 404 when missing. */
export async function candidateDomainId(id: number): Promise<number> {
  const { rows } = await pool().query<{ domain_id: number }>("select domain_id from candidate where id = $1", [id]);
  if (!rows[0]) throw notFound(`Candidate #${id}`);
  return rows[0].domain_id;
}

/** Which of these candidates belong to these domains (one index probe each). */
export async function idsInDomains(ids: number[], domainIds: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const { rows } = await pool().query<{ id: number }>("select id from candidate where id = any($1::int[]) and domain_id = any($2::int[])", [ids, domainIds]);
  return new Set(rows.map((r) => r.id));
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
