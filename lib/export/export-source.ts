import { pool } from "@/lib/db/client";
import { decontaminationRecord } from "@/lib/dedup";
import { badRequest, notFound } from "@/lib/errors";
import type { ExportFormat, ExportRow } from "./formats";
import { formats } from "./formats";
import { readAhead } from "./read-ahead";
import { copyLines, hasCopyLines, type CopyLines } from "./copy-lines";
import { cursorRows, mixtureRows, snapshotRows } from "./rows";
import type { ExportSource } from "./run-export";
import type { MixtureRow, SnapshotRow } from "./types";

// What an export reads: a snapshot's or a mixture's frozen rows (h/snap's streams, rows.ts)
// turned into ExportRows, plus what the manifest says about them. Formats that need more than
// the frozen item (`preference`: a sample pair; `full`: the review trail) get it one page of
// rows at a time, in one statement per page: never a query per row, never the whole set.
//
// Those extras are read from samples, decisions and edits as they stood when the snapshot was
// frozen (created before it): samples are never rewritten and undone decisions stay stored,
// so a later review or re-score does not change an old snapshot's export.

export type ExportTarget = { snapshotId: number } | { mixtureId: number };

// Rows per page of the frozen stream: 2000 (fewer round trips than 1000; 5000 held more rows
// long enough to reach the old generation: a higher peak RSS in bench:export).
const PAGE = 2000;

export interface PreparedExport {
  source: ExportSource;
  /** Rows the source will yield (before formats skip any): the progress bar's total. */
  total: number;
  rows: AsyncIterable<ExportRow>;
  /** The same lines written by PostgreSQL, where the format has them (copy-lines.ts); runExport prefers them. */
  lines?: CopyLines;
}

interface SnapshotHead {
  id: number;
  domain: string;
  version: number;
  bandLow: number;
  bandHigh: number;
  createdAt: Date;
  itemCount: number;
  contentHash: string;
  runs: Array<{ runId: number; target: unknown; teacher: unknown; judge: unknown }>;
}

async function snapshotHeads(ids: number[]): Promise<SnapshotHead[]> {
  const { rows } = await pool().query<SnapshotHead>(
    `select s.id, d.slug as domain, s.version, s.band_low as "bandLow", s.band_high as "bandHigh", s.created_at as "createdAt",
            s.item_count as "itemCount", s.content_hash as "contentHash", s.runs
       from domain_snapshot s join domain d on d.id = s.domain_id where s.id = any($1::int[]) order by d.slug`,
    [ids],
  );
  return rows;
}

async function reviewersOf(snapshotIds: number[]): Promise<string[]> {
  const { rows } = await pool().query<{ who: string }>(
    `select distinct coalesce(u.email, rd.reviewer_id) as who
       from snapshot_item i
       join domain_snapshot s on s.id = i.snapshot_id
       join review_decision rd on rd.candidate_id = i.candidate_id and not rd.gold and rd.undone_at is null
                               and rd.created_at <= s.created_at
       left join "user" u on u.id = rd.reviewer_id
      where i.snapshot_id = any($1::int[]) order by 1`,
    [snapshotIds],
  );
  return rows.map((r) => r.who);
}

function modelsOf(heads: SnapshotHead[]): { runs: number[]; models: unknown[] } {
  const runs = new Set<number>();
  const models = new Map<string, unknown>();
  for (const h of heads)
    for (const r of h.runs) {
      runs.add(r.runId);
      for (const [role, m] of [["target", r.target], ["teacher", r.teacher], ["judge", r.judge]] as const)
        if (m) models.set(`${role}:${JSON.stringify(m)}`, { role, ...(m as object) });
    }
  return { runs: [...runs].sort((a, b) => a - b), models: [...models.values()] };
}

export async function prepareExport(target: ExportTarget, format: ExportFormat, shuffleSeed?: number | null): Promise<PreparedExport> {
  if ("snapshotId" in target) {
    if (shuffleSeed !== undefined && shuffleSeed !== null) throw badRequest("Shuffling applies to mixture exports: build a mixture to shuffle");
    const heads = await snapshotHeads([target.snapshotId]);
    if (!heads[0]) throw notFound(`Snapshot #${target.snapshotId}`);
    const h = heads[0];
    return {
      total: h.itemCount,
      source: {
        snapshotIds: [h.id],
        mixtureId: null,
        title: `${h.domain} snapshot v${h.version}`,
        domains: [{ domain: h.domain, snapshot_id: h.id, version: h.version, band: [h.bandLow, h.bandHigh], items: h.itemCount, content_hash: h.contentHash }],
        ...modelsOf(heads),
        reviewers: await reviewersOf([h.id]),
        decontamination: await decontaminationRecord([h.id]),
        filters: { review: "final accept", band: [h.bandLow, h.bandHigh] },
        mixing: null,
        shuffleSeed: null,
      },
      // Formats that need nothing but the item read only the columns their records use
      // (leanSnapshotRows: the same lines, fewer bytes parsed per row; bench:export); `full` and
      // `preference` read h/snap's stream and add their extras per page.
      rows: formats[format].needs
        ? enrich(snapshotRows(target.snapshotId, { batchSize: PAGE }), format, false)
        : readAhead(leanSnapshotRows(h.id, h.domain), PAGE),
      lines: hasCopyLines(format) ? await copyLines({ snapshotId: h.id, domain: h.domain }, format) : undefined,
    };
  }
  const { rows: mix } = await pool().query<{ name: string; version: number; mode: "epochs" | "weights"; seed: number | null }>(
    "select name, version, mode::text as mode, seed from mixture where id = $1",
    [target.mixtureId],
  );
  if (!mix[0]) throw notFound(`Mixture #${target.mixtureId}`);
  const m = mix[0];
  const { rows: entries } = await pool().query<{ snapshotId: number; epochs: number | null; weight: number | null }>(
    `select snapshot_id as "snapshotId", epochs, weight from mixture_entry where mixture_id = $1 order by snapshot_id`,
    [target.mixtureId],
  );
  const heads = await snapshotHeads(entries.map((e) => e.snapshotId));
  const byId = new Map(entries.map((e) => [e.snapshotId, e]));
  const seed = shuffleSeed ?? m.seed;
  const total = heads.reduce((n, h) => n + h.itemCount * (m.mode === "epochs" ? (byId.get(h.id)?.epochs ?? 1) : 1), 0);
  return {
    total,
    source: {
      snapshotIds: heads.map((h) => h.id),
      mixtureId: target.mixtureId,
      title: `${m.name} v${m.version}`,
      domains: heads.map((h) => ({
        domain: h.domain,
        snapshot_id: h.id,
        version: h.version,
        band: [h.bandLow, h.bandHigh],
        items: h.itemCount,
        content_hash: h.contentHash,
        ...(m.mode === "epochs" ? { epochs: byId.get(h.id)?.epochs ?? 1 } : { weight: byId.get(h.id)?.weight ?? 1 }),
      })),
      ...modelsOf(heads),
      reviewers: await reviewersOf(heads.map((h) => h.id)),
      decontamination: await decontaminationRecord(heads.map((h) => h.id)),
      filters: { review: "final accept", mixture: `${m.name} v${m.version}` },
      mixing: m.mode,
      shuffleSeed: seed ?? null,
    },
    rows: enrich(mixtureRows(target.mixtureId, { batchSize: PAGE, shuffleSeed: seed ?? undefined }), format, m.mode === "weights"),
    // A weighted mixture prints its weight (a number) on every line: the row path writes those.
    lines: hasCopyLines(format) && m.mode === "epochs" ? await copyLines({ mixtureId: target.mixtureId, shuffleSeed: seed ?? undefined }, format) : undefined,
  };
}

export function toExportRow(r: SnapshotRow | MixtureRow, weighted: boolean): ExportRow {
  const row: ExportRow = {
    candidateId: r.candidateId,
    domain: r.domain,
    prompt: r.prompt,
    referenceAnswer: r.referenceAnswer,
    response: r.response === null ? null : { text: r.response, source: r.responseSource, sampleId: r.responseSampleId },
    passRate: r.passRate,
    ciLow: r.ciLow,
    ciHigh: r.ciHigh,
    k: r.k,
    passes: r.passes,
    band: r.band,
    judgeScore: r.judgeScore,
    verifierKind: r.verifierKind,
    metadata: r.metadata,
    source: r.source,
    runId: null,
  };
  if (weighted) row.weight = (r as MixtureRow).weight ?? 1;
  return row;
}

/**
 * A snapshot's items in candidate order (array rows) with only the columns the lean formats
 * read: no metadata (a JSON parse per row), no hashes, no joins (the domain is the
 * snapshot's). One ordered query through h/snap's cursor (rows.ts: a keyset re-sorted per page
 * on stale statistics). Pinned to snapshotRows by export.db.test.ts: every lean format writes
 * the same lines from either.
 */
export async function* leanSnapshotRows(snapshotId: number, domain: string): AsyncGenerator<ExportRow> {
  const sql = `select candidate_id, prompt, reference_answer, response_text, response_source, response_sample_id::text,
                      pass_rate, ci_low, ci_high, k, passes, band::text, judge_score, verifier_kind::text, source
                 from snapshot_item where snapshot_id = ${Math.trunc(snapshotId)} order by snapshot_id, candidate_id`;
  for await (const r of cursorRows<unknown[]>(sql, PAGE, { rowMode: "array" })) {
    yield {
      candidateId: r[0] as number,
      domain,
      prompt: r[1] as string,
      referenceAnswer: r[2] as string | null,
      response: r[3] === null ? null : { text: r[3] as string, source: r[4] as string, sampleId: r[5] as string | null },
      passRate: r[6] as number | null,
      ciLow: r[7] as number | null,
      ciHigh: r[8] as number | null,
      k: r[9] as number | null,
      passes: r[10] as number | null,
      band: r[11] as ExportRow["band"],
      judgeScore: r[12] as number | null,
      verifierKind: r[13] as string,
      metadata: null,
      source: r[14] as string | null,
      runId: null,
    };
  }
}

/** Pages the frozen rows, adds what the format needs in one statement per page. */
async function* enrich(rows: AsyncIterable<SnapshotRow | MixtureRow>, format: ExportFormat, weighted: boolean): AsyncGenerator<ExportRow> {
  const needs = formats[format].needs;
  if (!needs) {
    for await (const r of readAhead(rows, PAGE)) yield toExportRow(r, weighted);
    return;
  }
  let page: (SnapshotRow | MixtureRow)[] = [];
  const flush = async function* () {
    const out = page.map((r) => toExportRow(r, weighted));
    if (needs === "preference") await addPairs(page, out);
    else await addTrails(page, out);
    page = [];
    yield* out;
  };
  for await (const r of readAhead(rows, PAGE)) {
    page.push(r);
    if (page.length >= PAGE) yield* flush();
  }
  yield* flush();
}

/**
 * The pair: of the target samples in the snapshot's runs (created before the freeze), the
 * latest run holding both a verified-correct and a verified-wrong answer; in it the
 * lowest-indexed of each. Samples without a response are not answers.
 */
async function addPairs(page: (SnapshotRow | MixtureRow)[], out: ExportRow[]): Promise<void> {
  const { rows } = await pool().query<{ snapshot_id: number; candidate_id: number; run_id: number; chosen: string; rejected: string }>(
    `with keys as (select * from unnest($1::int[], $2::int[]) as k(snapshot_id, candidate_id)),
     per_run as (
       select k.snapshot_id, k.candidate_id, sa.run_id,
              (array_agg(sa.response order by sa.index) filter (where sa.correct))[1] as chosen,
              (array_agg(sa.response order by sa.index) filter (where sa.correct = false))[1] as rejected
         from keys k
         join domain_snapshot s on s.id = k.snapshot_id
         join sample sa on sa.candidate_id = k.candidate_id and sa.role = 'target' and sa.response is not null
                       and sa.error_kind is null and sa.created_at <= s.created_at
                       and sa.run_id in (select (r->>'runId')::int from jsonb_array_elements(s.runs) r)
        group by 1, 2, 3)
     select distinct on (snapshot_id, candidate_id) * from per_run
      where chosen is not null and rejected is not null
      order by snapshot_id, candidate_id, run_id desc`,
    [page.map((r) => r.snapshotId), page.map((r) => r.candidateId)],
  );
  const pairs = new Map(rows.map((r) => [`${r.snapshot_id}:${r.candidate_id}`, r]));
  page.forEach((r, i) => {
    const p = pairs.get(`${r.snapshotId}:${r.candidateId}`);
    out[i].preference = p ? { chosen: p.chosen, rejected: p.rejected } : null;
    if (p) out[i].runId = p.run_id;
  });
}

/** Decisions (not gold, not undone), edits and lineage as of the snapshot's freeze. */
async function addTrails(page: (SnapshotRow | MixtureRow)[], out: ExportRow[]): Promise<void> {
  const { rows } = await pool().query<{ snapshot_id: number; candidate_id: number; decisions: unknown; edits: unknown; lineage: unknown }>(
    `with keys as (select * from unnest($1::int[], $2::int[]) as k(snapshot_id, candidate_id))
     select k.snapshot_id, k.candidate_id,
       coalesce((select json_agg(json_build_object('reviewer', coalesce(u.email, rd.reviewer_id), 'decision', rd.decision,
                   'reason', rd.reason, 'note', rd.note, 'at', to_char(rd.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
                   order by rd.id)
                   from review_decision rd left join "user" u on u.id = rd.reviewer_id
                  where rd.candidate_id = k.candidate_id and not rd.gold and rd.undone_at is null and rd.created_at <= s.created_at), '[]') as decisions,
       coalesce((select json_agg(json_build_object('editor', coalesce(u.email, e.editor_id), 'field', e.field, 'before', e.before,
                   'after', e.after, 'at', to_char(e.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) order by e.id)
                   from candidate_edit e left join "user" u on u.id = e.editor_id
                  where e.candidate_id = k.candidate_id and e.created_at <= s.created_at), '[]') as edits,
       (select json_build_object('parentId', l.parent_id, 'kind', l.kind) from candidate_lineage l where l.child_id = k.candidate_id) as lineage
     from keys k join domain_snapshot s on s.id = k.snapshot_id`,
    [page.map((r) => r.snapshotId), page.map((r) => r.candidateId)],
  );
  const trails = new Map(rows.map((r) => [`${r.snapshot_id}:${r.candidate_id}`, r]));
  page.forEach((r, i) => {
    const t = trails.get(`${r.snapshotId}:${r.candidateId}`);
    out[i].trail = {
      decisions: (t?.decisions ?? []) as NonNullable<ExportRow["trail"]>["decisions"],
      edits: (t?.edits ?? []) as NonNullable<ExportRow["trail"]>["edits"],
      lineage: (t?.lineage ?? null) as NonNullable<ExportRow["trail"]>["lineage"],
    };
  });
}
