import { z } from "zod";
import { pool } from "@/lib/db/client";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";

export const stages = ["imported", "scored", "triaged", "in_review", "accepted", "rejected"] as const;

export const candidateFilterSchema = z.object({
  domain: z.string().trim().max(40).optional().or(z.literal("").transform(() => undefined)),
  stage: z.enum(stages).optional().or(z.literal("").transform(() => undefined)),
  source: z.string().trim().max(200).optional().or(z.literal("").transform(() => undefined)),
  batch: z.coerce.number().int().positive().optional().or(z.literal("").transform(() => undefined)),
  q: z.string().trim().max(200).optional().or(z.literal("").transform(() => undefined)),
  cursor: z.coerce.number().int().positive().optional().or(z.literal("").transform(() => undefined)),
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

/** LIKE treats % and _ as wildcards; a user searching for "50%" means the characters. */
export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Newest first, keyset-paginated on id (`id < cursor`): every page costs the same at 1.4M
 * rows, and no page is skipped or repeated while imports add rows. Domain + stage use the
 * (domain_id, stage, id) index, batch the (batch_id, id) one. Text search is an ILIKE
 * evaluated while walking ids downward, so it stops as soon as a page is full; a rare term
 * over a huge pool walks further (see docs/decisions/0003).
 */
export async function listCandidates(input: CandidateFilter) {
  const f = candidateFilterSchema.parse(input);
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace("?", `$${params.length}`));
  };
  if (f.domain) add("c.domain_id = (select id from domain where slug = ?)", f.domain);
  if (f.stage) add(`c.stage = ?::"CandidateStage"`, f.stage);
  if (f.source) add("c.source = ?", f.source);
  if (f.batch) add("c.batch_id = ?", f.batch);
  if (f.q) add("c.prompt ilike ?", `%${escapeLike(f.q)}%`);
  if (f.cursor) add("c.id < ?", f.cursor);
  params.push(f.limit + 1);
  const { rows } = await pool().query(
    `select c.id, d.slug as domain, c.stage::text as stage, c.source, c.batch_id as "batchId",
            left(c.prompt, 300) as preview, c.answer is not null as "hasAnswer", c.created_at as "createdAt"
       from candidate c join domain d on d.id = c.domain_id
      ${where.length ? `where ${where.join(" and ")}` : ""}
      order by c.id desc limit $${params.length}`,
    params,
  );
  const more = rows.length > f.limit;
  const items = (more ? rows.slice(0, f.limit) : rows) as CandidateListItem[];
  return { items, nextCursor: more ? items[items.length - 1].id : null };
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
      domain: { select: { slug: true, name: true, answerKind: true } },
      batch: { select: { id: true, fileName: true } },
    },
  });
  if (!c) throw notFound(`Candidate #${id}`);
  return c;
}

/** Distinct sources, for the filter menu (small: sources are dataset names). */
export async function listSources(): Promise<string[]> {
  const { rows } = await pool().query<{ source: string }>(
    "select distinct source from candidate where source is not null order by source limit 200",
  );
  return rows.map((r) => r.source);
}
