import type { PoolClient } from "pg";
import { eligibleSql } from "@/lib/candidates/eligible";
import { recordAuditIn, type Actor } from "@/lib/audit";
import { inTransaction } from "@/lib/db/transaction";
import { badRequest, notFound } from "@/lib/errors";
import { freezeSchema } from "./types";

// Freezing a domain's accepted set (docs/decisions/0018): ONE statement copies every final
// accepted item with its chosen response into snapshot_item and writes the header with the
// counts, token estimate and content hash computed from those same rows — the header is
// immutable (a trigger refuses UPDATE), so it cannot be filled in afterwards. The domain row
// is locked for the transaction: versions are gap-free and the band recorded is the one used.
// Accepted candidates flagged near-duplicate or contaminated since (lib/candidates/eligible.ts)
// are not frozen: a snapshot, and every export of it, holds eligible candidates only.

/**
 * The response an accept chose (docs/decisions/0017): the latest live, non-gold accept of the
 * item. `sample` → that sample's text; `teacher` → the sample it names, else the teacher
 * answer the review screen offered (agreeing with the proxy reference, else a correct one, of
 * the run behind the score); `reference` → metadata.solution when written, else the answer.
 * An edited response (response_text) wins over all of these.
 */
const ITEMS = `
  select c.id as candidate_id, c.prompt, coalesce(c.answer, sc.proxy_reference) as reference_answer,
         coalesce(dec.response_text, resp.text, case when dec.response_source = 'reference'
           then coalesce(case when jsonb_typeof(c.metadata -> 'solution') = 'string' and btrim(c.metadata ->> 'solution') <> ''
                              then c.metadata ->> 'solution' end, c.answer) end) as response_text,
         coalesce(dec.response_source, 'none') as response_source, dec.reviewer_id, resp.id as response_sample_id, resp.run_id as response_run_id,
         sc.run_id as score_run_id, sc.pass_rate, sc.ci_low, sc.ci_high, sc.k, sc.passes, sc.band, sc.judge_score,
         d.answer_kind as verifier_kind, c.metadata, c.source
    from review_item ri
    join candidate c on c.id = ri.candidate_id
    join domain d on d.id = c.domain_id
    left join candidate_score sc on sc.candidate_id = c.id
    left join lateral (select x.reviewer_id, x.response_source, x.response_sample_id, x.response_text from review_decision x
                        where x.candidate_id = c.id and x.decision = 'accept' and x.undone_at is null and not x.gold
                        order by x.id desc limit 1) dec on true
    left join lateral (select sa.id, sa.run_id, sa.response as text from sample sa
                        where sa.candidate_id = c.id and sa.response is not null
                          and (case when dec.response_sample_id is not null then sa.id = dec.response_sample_id
                                    when dec.response_source = 'teacher' then sa.role = 'teacher' and sa.error_kind is null
                                    else false end)
                        order by (sa.run_id = sc.run_id) desc nulls last, (sa.extracted = sc.proxy_reference) desc nulls last,
                                 sa.correct desc nulls last, sa.run_id desc, sa.index
                        limit 1) resp on true
   where ri.domain_id = $1 and c.domain_id = $1 and ri.state = 'final' and ri.outcome = 'accept' and ${eligibleSql("c")}`;

const endpointJson = (col: string) =>
  `(select json_build_object('id', e.id, 'name', e.name, 'model', e.model) from model_endpoint e where e.id = ${col})`;

const FREEZE = `
  with items as materialized (
    select i.*, ceil((length(i.prompt) + coalesce(length(i.response_text), 0)) / 4.0)::int as token_estimate,
           sha256(convert_to(jsonb_build_array(i.prompt, i.reference_answer, i.response_text)::text, 'UTF8')) as item_hash,
           sha256(convert_to(jsonb_build_array(i.response_text)::text, 'UTF8')) as response_hash
      from (${ITEMS}) i
  ),
  run_ids as (
    select run_id, count(*) filter (where scored)::int as items from (
      select score_run_id as run_id, true as scored from items where score_run_id is not null
      union all select response_run_id, false from items where response_run_id is not null) u
    group by run_id
  ),
  head as (
    insert into domain_snapshot (domain_id, version, created_by, note, band_low, band_high, settings, runs, counts,
                                 item_count, token_estimate, content_hash)
    select d.id, coalesce((select max(version) from domain_snapshot where domain_id = d.id), 0) + 1, $2, $3,
           d.band_low, d.band_high,
           jsonb_build_object('answerKind', d.answer_kind, 'quota', d.quota, 'reviewersPerItem', d.reviewers_per_item,
                              'consensus', d.consensus, 'reviewOrder', d.review_order, 'goldRate', d.gold_rate,
                              -- what the reviewers who accepted these items were told
                              'reviewGuidelines', d.review_guidelines,
                              'difficultyBasis', (select jsonb_build_object('basis', coalesce(dd.basis::text, 'primary'), 'endpointId', dd.endpoint_id)
                                                    from (select 1) one left join domain_difficulty dd on dd.domain_id = d.id)),
           coalesce((select jsonb_agg(jsonb_build_object('runId', r.id, 'phase', r.phase, 'k', r.k, 'items', ri.items,
                       'target', ${endpointJson("r.target_endpoint_id")}, 'teacher', ${endpointJson("r.teacher_endpoint_id")},
                       'judge', ${endpointJson("r.judge_endpoint_id")},
                       -- a run's other target models (issue 15), in position order
                       'otherTargets', (select coalesce(jsonb_agg(${endpointJson("t.endpoint_id")} order by t.position), '[]')
                                          from run_target t where t.run_id = r.id)) order by r.id)
                       from run_ids ri join scoring_run r on r.id = ri.run_id), '[]'),
           (select jsonb_build_object('items', count(*),
                     'bySource', jsonb_build_object('sample', count(*) filter (where response_source = 'sample'),
                                                    'teacher', count(*) filter (where response_source = 'teacher'),
                                                    'reference', count(*) filter (where response_source = 'reference'),
                                                    'none', count(*) filter (where response_source = 'none')),
                     'byBand', coalesce((select jsonb_object_agg(b, n) from (select coalesce(band::text, 'unscored') as b, count(*) as n
                                                                             from items group by 1) x), '{}'),
                     -- Who accepted (the accept that chose the response; a lead's adjudication
                     -- counts as the accepting reviewer's): for the export manifest.
                     'reviewers', coalesce((select jsonb_object_agg(coalesce(u.email, r.reviewer_id), r.n)
                                              from (select reviewer_id, count(*) as n from items where reviewer_id is not null group by 1) r
                                              left join "user" u on u.id = r.reviewer_id), '{}'))
              from items),
           (select count(*) from items), (select coalesce(sum(token_estimate), 0) from items),
           (select encode(sha256(string_agg(item_hash, ''::bytea order by candidate_id)), 'hex') from items)
      from domain d where d.id = $1 and exists (select 1 from items)
    returning id
  ),
  ins as (
    insert into snapshot_item (snapshot_id, candidate_id, prompt, reference_answer, response_text, response_source,
        response_sample_id, pass_rate, ci_low, ci_high, k, passes, band, judge_score, verifier_kind, metadata, source,
        token_estimate, item_hash, response_hash)
    select h.id, i.candidate_id, i.prompt, i.reference_answer, i.response_text, i.response_source, i.response_sample_id,
           i.pass_rate, i.ci_low, i.ci_high, i.k, i.passes, i.band, i.judge_score, i.verifier_kind, i.metadata, i.source,
           i.token_estimate, i.item_hash, i.response_hash
      from items i cross join head h
    returning 1
  )
  select h.id, (select count(*) from ins)::int as items from head h`;

/** Freeze the domain's final accepted items as its next snapshot version; audited. 400 when nothing is accepted. */
export async function freezeSnapshot(actor: Actor, domainSlug: string, note?: string): Promise<{ id: number; items: number }> {
  const data = freezeSchema.parse({ domain: domainSlug, note });
  return inTransaction(async (client) => {
    const domain = await lockDomain(client, data.domain);
    const { rows } = await client.query<{ id: number; items: number }>(FREEZE, [domain.id, actor.email ?? actor.id ?? "unknown", data.note ?? null]);
    if (!rows[0]) throw badRequest(`Nothing accepted yet in ${domain.name}: a snapshot freezes the final accepted items`);
    await recordAuditIn(client, {
      actor,
      action: "snapshot.freeze",
      target: { type: "snapshot", id: rows[0].id },
      details: { domain: domain.slug, items: rows[0].items, note: data.note ?? null },
    });
    return rows[0];
  });
}

async function lockDomain(c: PoolClient, slug: string): Promise<{ id: number; slug: string; name: string }> {
  const { rows } = await c.query<{ id: number; slug: string; name: string }>("select id, slug, name from domain where slug = $1 for update", [slug]);
  if (!rows[0]) throw notFound(`Domain "${slug}"`);
  return rows[0];
}
