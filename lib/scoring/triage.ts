import { pool } from "@/lib/db/client";

// Bands follow from stored pass rates and the domain's band, so moving the band is one
// UPDATE — no re-sampling. bandSql() is the SQL twin of bandOf() in stats.ts (same exclusive
// rule; stats.test.ts and triage.db.test.ts pin both).

/** CASE expression giving the band of `rate` for a band (low, high): exclusive on both ends. */
export function bandSql(rate: string, low: string, high: string): string {
  return `(case when ${rate} is null then 'unverifiable'
               when ${rate} <= ${low} then 'too_hard'
               when ${rate} >= ${high} then 'too_easy'
               else 'teachable' end)::"Band"`;
}

/** Re-derive every scored candidate's band in the domain; returns how many bands changed. */
export async function retriageDomain(domainId: number): Promise<number> {
  const { rowCount } = await pool().query(
    `update candidate_score s set band = ${bandSql("s.pass_rate", "d.band_low", "d.band_high")}
       from domain d
      where d.id = $1 and s.domain_id = $1
        and s.band is distinct from ${bandSql("s.pass_rate", "d.band_low", "d.band_high")}`,
    [domainId],
  );
  return rowCount ?? 0;
}
