import type { PoolClient } from "pg";
import { pool } from "@/lib/db/client";

// candidate.contaminated, kept in step (docs/decisions/0023): true while the candidate has a
// hit on a benchmark its domain does not override. Every change of hits or overrides calls
// refreshContaminated with the candidates it touched (never a scan of the pool), so readers
// filter on the column alone (lib/candidates/eligible.ts).

/** SQL: the rule for candidate alias `c`. */
export const CONTAMINATED_SQL = (c: string) => `exists (select 1 from contamination_hit h where h.candidate_id = ${c}.id
  and not exists (select 1 from benchmark_override o where o.benchmark_id = h.benchmark_id and o.domain_id = ${c}.domain_id))`;

/** Recompute the flag of these candidates; returns how many changed. */
export async function refreshContaminated(candidateIds: number[], db: Pick<PoolClient, "query"> = pool()): Promise<number> {
  if (!candidateIds.length) return 0;
  const res = await db.query(
    `update candidate c set contaminated = ${CONTAMINATED_SQL("c")}
      where c.id = any($1::int[]) and c.contaminated is distinct from ${CONTAMINATED_SQL("c")}`,
    [candidateIds],
  );
  return res.rowCount ?? 0;
}
