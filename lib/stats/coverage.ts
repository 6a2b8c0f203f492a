import { z } from "zod";
import { recordAudit, type Actor } from "@/lib/audit";
import { pool } from "@/lib/db/client";
import { badRequest, notFound } from "@/lib/errors";

// Per-bin targets: a lead asks for "200 accepted at 1–3 of 8". Stored on the domain as
// inclusive pass-rate ranges (1/8 … 3/8), not bin numbers, so a target keeps its meaning when
// the domain's k changes. Coverage counts accepted items (review_item final + accept) with a
// score, by their current pass rate: the domain's 'review' counters (counters.ts).

export const binTargetSchema = z
  .object({
    low: z.number().min(0).max(1),
    high: z.number().min(0).max(1),
    target: z.number().int().min(0).max(10_000_000),
    label: z.string().trim().max(40).optional(),
  })
  .strict()
  .refine((t) => t.low <= t.high, { message: "low must not be above high", path: ["low"] });
export const binTargetsSchema = z.object({ targets: z.array(binTargetSchema).max(20) }).strict();
export type BinTarget = z.infer<typeof binTargetSchema>;

export interface BinCoverage extends BinTarget {
  accepted: number;
}

export interface Coverage {
  quota: number;
  accepted: number;
  bins: BinCoverage[];
}

// A pass rate is passes/k in floating point: the ranges are widened by an epsilon so 3/8 is in
// "1–3 of 8" however it was rounded.
export const COVERAGE_SQL = `
  with d as (select id, quota, bin_targets from domain where id = $1),
  acc as materialized (
    select pass_rate, sum(n) as n from stat_delta
     where domain_id = $1 and kind = 'review' and status = 'accepted' and band is not null group by pass_rate)
  select d.quota, coalesce((select sum(n) from acc), 0)::int as accepted,
         coalesce((select json_agg(json_build_object('low', t.low, 'high', t.high, 'target', t.target, 'label', t.label,
             'accepted', (select coalesce(sum(n), 0)::int from acc where acc.pass_rate >= t.low - 1e-9 and acc.pass_rate <= t.high + 1e-9)) order by e.ord)
           from jsonb_array_elements(coalesce(d.bin_targets, '[]'::jsonb)) with ordinality as e(v, ord),
                lateral (select (e.v->>'low')::float8 as low, (e.v->>'high')::float8 as high, (e.v->>'target')::int as target, e.v->>'label' as label) t), '[]') as bins
    from d`;

export async function binCoverage(domainId: number): Promise<Coverage> {
  const { rows } = await pool().query<Coverage>(COVERAGE_SQL, [domainId]);
  if (!rows[0]) throw notFound(`Domain #${domainId}`);
  const { quota, accepted, bins } = rows[0];
  return { quota, accepted, bins: bins.map(({ label, ...b }) => ({ ...b, ...(label ? { label } : {}) })) };
}

/** Replace a domain's per-bin targets (a lead's call, audited as a domain update). */
export async function setBinTargets(actor: Actor, slug: string, input: unknown): Promise<BinTarget[]> {
  const parsed = binTargetsSchema.safeParse(input);
  if (!parsed.success) throw badRequest(parsed.error.issues[0]?.message ?? "invalid targets");
  const targets = parsed.data.targets;
  const { rows } = await pool().query<{ id: number; before: BinTarget[] | null }>(
    `update domain d set bin_targets = $2::jsonb, updated_at = now()
       from (select id, bin_targets as before from domain where slug = $1 for update) old
      where d.id = old.id returning d.id, old.before`,
    [slug, JSON.stringify(targets)],
  );
  if (!rows[0]) throw notFound("Domain");
  await recordAudit({ actor, action: "domain.update", target: { type: "domain", id: rows[0].id }, details: { binTargets: { from: rows[0].before, to: targets } } as never });
  return targets;
}
