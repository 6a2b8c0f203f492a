import type { Pool, PoolClient } from "pg";
import { z } from "zod";
import { recordAudit, type Actor } from "@/lib/audit";
import { pool } from "@/lib/db/client";
import { inTransaction } from "@/lib/db/transaction";
import { dbId } from "@/lib/db/ids";
import { getDomainBySlug } from "@/lib/domains";
import { badRequest } from "@/lib/errors";
import { difficultyBases, difficultySql, PRIMARY_BASIS, type DifficultyBasis } from "./difficulty";
import { bandSql } from "./triage";

// A domain's difficulty basis (issue 15, docs/decisions/0027): which target model's pass rate
// defines its band. Stored in domain_difficulty (no row: the primary target). Changing it
// re-derives every score of the domain from the stored per-model pass rates in one UPDATE —
// like moving the band, no re-sampling.

export const difficultyBasisSchema = z
  .object({
    basis: z.enum(difficultyBases),
    endpointId: dbId.nullish(),
  })
  .refine((b) => b.basis !== "endpoint" || b.endpointId != null, { message: "pick the endpoint whose pass rate defines the band", path: ["endpointId"] });
export type DifficultyBasisInput = z.input<typeof difficultyBasisSchema>;

const toBasis = (basis: string, endpointId: number | null): DifficultyBasis =>
  basis === "endpoint" && endpointId !== null ? { basis: "endpoint", endpointId } : { basis: basis === "endpoint" ? "primary" : (basis as "primary" | "min" | "mean"), endpointId: null };

/** The domain's basis (read inside the caller's transaction when given one). */
export async function getDifficultyBasis(domainId: number, db: Pool | PoolClient = pool()): Promise<DifficultyBasis> {
  const { rows } = await db.query<{ basis: string; endpoint_id: number | null }>(
    "select basis::text as basis, endpoint_id from domain_difficulty where domain_id = $1",
    [domainId],
  );
  return rows[0] ? toBasis(rows[0].basis, rows[0].endpoint_id) : PRIMARY_BASIS;
}

export interface TargetModelOption {
  endpointId: number;
  name: string;
  model: string;
  simulated: boolean;
  /** Candidates of the domain with a pass rate from this model. */
  candidates: number;
}

/** The target models the domain's current scores carry a pass rate of (the basis control's choices). */
export async function domainTargetModels(domainId: number): Promise<TargetModelOption[]> {
  const { rows } = await pool().query<TargetModelOption>(
    `select m.endpoint_id as "endpointId", coalesce(e.name, 'endpoint #' || m.endpoint_id) as name, coalesce(e.model, '') as model,
            coalesce(e.simulated, false) as simulated, m.n as candidates
       from (select endpoint_id, count(*)::int as n from candidate_model_score where domain_id = $1 group by endpoint_id) m
       left join model_endpoint e on e.id = m.endpoint_id
      order by m.n desc, m.endpoint_id`,
    [domainId],
  );
  return rows;
}

/**
 * Re-derive the difficulty (pass rate, interval, band) of every score of the domain that has
 * per-model rows, under its current basis and band. Returns how many scores changed.
 */
export async function rebaseDomain(domainId: number, db: Pool | PoolClient = pool()): Promise<number> {
  const basis = `(select coalesce((select basis::text from domain_difficulty where domain_id = $1), 'primary'))`;
  const endpoint = `(select endpoint_id from domain_difficulty where domain_id = $1)`;
  const { rowCount } = await db.query(
    `update candidate_score s set passes = x.passes, k = x.k, pass_rate = x.pass_rate, ci_low = x.ci_low, ci_high = x.ci_high,
            band = ${bandSql("x.pass_rate", "d.band_low", "d.band_high")}
       from (${difficultySql("select distinct candidate_id from candidate_model_score where domain_id = $1", basis, endpoint)}) x, domain d
      where d.id = $1 and s.candidate_id = x.candidate_id and s.domain_id = $1
        and (s.passes, s.k, s.band) is distinct from (x.passes, x.k, ${bandSql("x.pass_rate", "d.band_low", "d.band_high")})`,
    [domainId],
  );
  return rowCount ?? 0;
}

/** Set a domain's basis (lead+) and re-triage its scores from stored per-model pass rates. */
export async function setDifficultyBasis(slug: string, input: DifficultyBasisInput, actor: Actor): Promise<{ basis: DifficultyBasis; changed: number }> {
  const data = difficultyBasisSchema.parse(input);
  const domain = await getDomainBySlug(slug);
  if (data.basis === "endpoint") {
    const { rows } = await pool().query("select 1 from model_endpoint where id = $1", [data.endpointId]);
    if (!rows[0]) throw badRequest(`endpoint #${data.endpointId} does not exist`);
  }
  const before = await getDifficultyBasis(domain.id);
  const changed = await inTransaction(async (client) => {
    await client.query(
      `insert into domain_difficulty (domain_id, basis, endpoint_id, updated_by, updated_at) values ($1, $2::"DifficultyBasis", $3, $4, now())
       on conflict (domain_id) do update set basis = excluded.basis, endpoint_id = excluded.endpoint_id,
         updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      [domain.id, data.basis, data.basis === "endpoint" ? data.endpointId : null, actor.email ?? actor.id ?? "unknown"],
    );
    return rebaseDomain(domain.id, client);
  });
  const basis = toBasis(data.basis, data.endpointId ?? null);
  await recordAudit({ actor, action: "domain.difficulty", target: { type: "domain", id: domain.id }, details: { from: before, to: basis, changed } });
  return { basis, changed };
}
