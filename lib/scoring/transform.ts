import { z } from "zod";
import { recordAudit, systemActor, type Actor } from "@/lib/audit";
import { promptHash } from "@/lib/candidates/normalise";
import { pool } from "@/lib/db/client";
import { inTransaction } from "@/lib/db/transaction";
import { queueCandidateChecks } from "@/lib/dedup";
import { getDomainBySlug } from "@/lib/domains";
import { badRequest, conflict, notFound } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/enqueue";
import { chat } from "@/lib/models/gateway";
import { ModelCallError } from "@/lib/models/errors";
import { parseTransformReply, transformMessages } from "@/lib/models/prompts";
import { slugSchema } from "@/lib/domains";
import { getEndpoint } from "@/lib/models/endpoints";
import { poolConditions } from "./pool";
import { runFiltersSchema } from "./schema";
import { bands, type Band } from "./stats";
import { transformability, type TransformFacts } from "./transformable";
import { dbId } from "@/lib/db/ids";

// Synthetic transformation (Phi-4): a teacher rewrites an unverifiable or proof-style prompt
// into a variant with a short, checkable final answer. The variant is a new candidate — of
// the parent's domain, or of `targetDomain` (a proofs domain of kind `none` cannot check the
// variant's answer; its variants belong in e.g. math) — with exact duplicates skipped by the
// usual prompt hash, linked to its parent, and scored and reviewed like any other. A teacher
// may rewrite from memory a benchmark problem or another pool prompt: the variants are checked
// for contamination and near-duplicates like an edited prompt (the `dedup.recheck` job, queued
// with the insert); their similarity to their own parent and siblings is lineage, not
// duplication (lib/dedup/lineage.ts).

const id = dbId;

export const transformSchema = z
  .object({
    candidateIds: z.array(id).min(1).max(10_000).optional(),
    domain: slugSchema.optional(),
    /** With `domain`: which candidates (default: the unverifiable ones). */
    filter: runFiltersSchema.extend({ band: z.enum(bands).optional() }).default({}),
    endpointId: id,
    /** Where the variants go (default: each parent's own domain). */
    targetDomain: slugSchema.optional(),
    limit: z.coerce.number().int().min(1).max(10_000).default(1000),
  })
  .refine((t) => t.candidateIds || t.domain, { message: "give candidate ids or a domain", path: ["candidateIds"] });
export type TransformInput = z.input<typeof transformSchema>;

export interface TransformReport {
  requested: number;
  created: number;
  /** The variant was already a candidate of the domain. */
  duplicates: number;
  /** The endpoint failed or did not reply with {prompt, answer}. */
  failed: number;
  errors: { candidateId: number; reason: string }[];
  variants: { parentId: number; childId: number }[];
}

/** Resolve which candidates to transform and queue the job; returns how many it will ask for. */
export async function transformCandidates(input: TransformInput, actor: Actor): Promise<{ jobId: string; candidates: number }> {
  const t = transformSchema.parse(input);
  const endpoint = await getEndpoint(t.endpointId);
  if (!endpoint.roles.includes("teacher")) throw badRequest(`endpoint "${endpoint.name}" is not registered for the teacher role`);
  let ids = t.candidateIds ?? [];
  if (t.domain) {
    const domain = await getDomainBySlug(t.domain);
    const params: unknown[] = [];
    const where = poolConditions(domain.id, t.filter, params);
    const band = t.filter.band ?? "unverifiable";
    const { rows } = await pool().query<{ id: number }>(
      `select c.id from candidate c join candidate_score s on s.candidate_id = c.id
        where ${where} and s.band = $${params.push(band)}::"Band"
          and not exists (select 1 from candidate_lineage l where l.parent_id = c.id)
        order by c.id limit $${params.push(t.limit)}`,
      params,
    );
    ids = rows.map((r) => r.id);
  }
  ids = await transformableOnly(ids, Boolean(t.candidateIds));
  if (ids.length === 0) throw badRequest("no candidates to transform");
  const targetDomainId = t.targetDomain ? (await getDomainBySlug(t.targetDomain)).id : null;
  const jobId = await enqueue("scoring.transform", { candidateIds: ids, endpointId: t.endpointId, targetDomainId, actorEmail: actor.email });
  await recordAudit({ actor, action: "scoring.transform.queue", target: { type: "endpoint", id: t.endpointId }, details: { candidates: ids.length } });
  return { jobId, candidates: ids.length };
}

/** Each candidate's facts for the transform rule (transformable.ts), in one statement. */
export async function transformFacts(ids: number[]): Promise<Map<number, TransformFacts>> {
  const { rows } = await pool().query<{ id: number; band: Band | null; answer_kind: string; variant_ids: number[] }>(
    `select c.id, s.band::text as band, d.answer_kind::text as answer_kind,
            coalesce((select array_agg(l.child_id order by l.child_id) from candidate_lineage l where l.parent_id = c.id), '{}') as variant_ids
       from candidate c join domain d on d.id = c.domain_id left join candidate_score s on s.candidate_id = c.id
      where c.id = any($1::int[])`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, { band: r.band, answerKind: r.answer_kind, variantIds: r.variant_ids }]));
}

/**
 * The candidates the rule allows. Named ids are all or nothing, as the page offers them: one
 * with a variant already is a 409 naming it, one the rule does not cover a 400. A domain's
 * selection just drops what the rule does not cover.
 */
async function transformableOnly(ids: number[], named: boolean): Promise<number[]> {
  if (ids.length === 0) return ids;
  const facts = await transformFacts(ids);
  const missing = ids.filter((id) => !facts.has(id));
  if (named && missing.length) throw notFound(`Candidate #${missing[0]}`);
  const verdicts = ids.filter((id) => facts.has(id)).map((id) => ({ id, v: transformability(facts.get(id)!) }));
  if (!named) return verdicts.filter((x) => x.v.ok).map((x) => x.id);
  const refused = verdicts.filter((x) => !x.v.ok);
  if (refused.length) {
    const message = refused.slice(0, 3).map((x) => `candidate #${x.id}: ${(x.v as { reason: string }).reason}`).join("; ") + (refused.length > 3 ? `; and ${refused.length - 3} more` : "");
    throw refused.every((x) => !x.v.ok && x.v.kind === "variant_exists") ? conflict(`Not transformed: ${message}`) : badRequest(`Not transformed: ${message}`);
  }
  return ids;
}

export const runTransformJob = (p: { candidateIds: number[]; endpointId: number; targetDomainId?: number | null; actorEmail: string | null }) =>
  transformNow(p.candidateIds, p.endpointId, p.actorEmail ? { id: null, email: p.actorEmail } : systemActor, p.targetDomainId ?? null);

/** Ask the teacher for each candidate's variant (as many in flight as the endpoint allows) and insert them. */
export async function transformNow(
  candidateIds: number[],
  endpointId: number,
  actor: Actor,
  targetDomainId: number | null = null,
): Promise<TransformReport> {
  const endpoint = await getEndpoint(endpointId);
  const { rows: parents } = await pool().query<{ id: number; domain_id: number; prompt: string; answer: string | null; template: string | null }>(
    `select c.id, c.domain_id, c.prompt, c.answer, d.transform_template as template
       from candidate c join domain d on d.id = c.domain_id where c.id = any($1::int[]) order by c.id`,
    [candidateIds],
  );
  const report: TransformReport = { requested: parents.length, created: 0, duplicates: 0, failed: 0, errors: [], variants: [] };
  const variants: { parent: number; domainId: number; prompt: string; answer: string; hash: Buffer }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < parents.length) {
      const p = parents[next++];
      try {
        const r = await chat(endpointId, { messages: transformMessages({ prompt: p.prompt, answer: p.answer, template: p.template }), n: 1, temperature: 0.7, maxTokens: 2048 });
        const reply = parseTransformReply(r.choices[0]);
        if (!reply) throw new Error("reply is not a {prompt, answer} object");
        variants.push({ parent: p.id, domainId: targetDomainId ?? p.domain_id, prompt: reply.prompt, answer: reply.answer, hash: promptHash(reply.prompt) });
      } catch (err) {
        report.failed++;
        const reason = err instanceof ModelCallError ? `${err.kind}: ${err.message}` : (err as Error).message;
        if (report.errors.length < 100) report.errors.push({ candidateId: p.id, reason: reason.slice(0, 300) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(endpoint.maxConcurrent, parents.length)) }, worker));

  // Two parents can yield the same variant: keep the first, the other counts as a duplicate.
  const seen = new Set<string>();
  const unique = variants.filter((v) => {
    const key = `${v.domainId}:${v.hash.toString("hex")}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (unique.length) {
    const col = <K extends keyof (typeof unique)[number]>(k: K) => unique.map((v) => v[k]);
    const rows = await inTransaction(async (c) => {
      const { rows } = await c.query<{ child_id: number; parent_id: number }>(
        `with v as (select * from unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::bytea[]) as v(parent, domain_id, prompt, answer, hash)),
          ins as (
            insert into candidate (domain_id, prompt, answer, source, metadata, prompt_hash)
            select domain_id, prompt, answer, 'transform', jsonb_build_object('parentId', parent, 'endpointId', $6::int), hash from v
            on conflict (domain_id, prompt_hash) do nothing returning id, domain_id, prompt_hash)
         insert into candidate_lineage (child_id, parent_id, kind, endpoint_id)
         select ins.id, v.parent, 'transform', $6 from ins join v on v.domain_id = ins.domain_id and v.hash = ins.prompt_hash
         returning child_id, parent_id`,
        [col("parent"), col("domainId"), col("prompt"), col("answer"), col("hash"), endpointId],
      );
      // The check exists if and only if the variants do.
      await queueCandidateChecks(rows.map((r) => r.child_id), { inTransaction: c });
      return rows;
    });
    report.variants = rows.map((r) => ({ parentId: r.parent_id, childId: r.child_id }));
  }
  report.created = report.variants.length;
  report.duplicates = variants.length - report.created;
  await recordAudit({
    actor,
    action: "scoring.transform",
    target: { type: "endpoint", id: endpointId },
    details: { requested: report.requested, created: report.created, duplicates: report.duplicates, failed: report.failed, targetDomainId },
  });
  return report;
}
