import { pool } from "@/lib/db/client";

// What moved in the last 24 hours, per domain: imports (and rows they added), scoring runs that
// finished, review decisions, and snapshots once that table exists (issue 11's snapshots land
// in another branch: a missing table is "no snapshots", not an error).

export interface DomainChanges {
  domainId: number;
  slug: string;
  imports: number;
  imported: number;
  runsFinished: number;
  decisions: number;
  snapshots: number;
}

const SNAPSHOT_TABLE = "domain_snapshot";

export const CHANGES_SQL = (withSnapshots: boolean) => `
  select d.id as "domainId", d.slug,
         (select count(*) from import_batch b where b.domain_id = d.id and b.created_at > now() - interval '24 hours')::int as imports,
         (select coalesce(sum(b.inserted) filter (where b.status <> 'discarded'), 0) from import_batch b where b.domain_id = d.id and b.created_at > now() - interval '24 hours')::int as imported,
         (select count(*) from scoring_run r where r.domain_id = d.id and r.finished_at > now() - interval '24 hours')::int as "runsFinished",
         (select count(*) from review_decision x where x.domain_id = d.id and x.created_at > now() - interval '24 hours'
             and x.undone_at is null and not x.gold)::int as decisions,
         ${withSnapshots ? `(select count(*) from ${SNAPSHOT_TABLE} s where s.domain_id = d.id and s.created_at > now() - interval '24 hours')::int` : "0"} as snapshots
    from domain d
   where $1::int[] is null or d.id = any($1::int[])
   order by d.name`;

let snapshotsExist = false;
let checkedAt = 0;

/** The last 24 hours per readable domain (`domainIds` null: every domain). */
export async function recentChanges(domainIds: number[] | null): Promise<DomainChanges[]> {
  if (!snapshotsExist && Date.now() - checkedAt > 60_000) {
    // Looked up once a minute until the table appears (a migration can add it while the app
    // runs), then kept: not a second round trip on every refresh.
    const { rows } = await pool().query<{ t: string | null }>("select to_regclass($1)::text as t", [SNAPSHOT_TABLE]);
    snapshotsExist = rows[0].t !== null;
    checkedAt = Date.now();
  }
  const { rows } = await pool().query<DomainChanges>(CHANGES_SQL(snapshotsExist), [domainIds]);
  return rows;
}
