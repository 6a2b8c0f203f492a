import { eligibleSql } from "@/lib/candidates/eligible";
import { pool } from "@/lib/db/client";

// What an export manifest says about decontamination, per snapshot: the domain's latest
// completed whole-domain check before the freeze (which benchmarks, with which rule, what it
// found), the import checks since, and how many of the set's items are flagged now (a
// benchmark added after the freeze: 0 unless someone should re-freeze).

export interface DecontaminationRecord {
  snapshot_id: number;
  domain: string;
  checked: boolean;
  checked_at: string | null;
  benchmarks: unknown[];
  rule: unknown;
  /** Checks of single imports finished after that check and before the freeze. */
  import_checks_since: number;
  /** Items of the set flagged near-duplicate or contaminated at export time. */
  flagged_now: number;
}

export async function decontaminationRecord(snapshotIds: number[]): Promise<DecontaminationRecord[]> {
  if (!snapshotIds.length) return [];
  const { rows } = await pool().query<DecontaminationRecord>(
    `select s.id as snapshot_id, d.slug as domain, k.id is not null as checked,
            to_char(k.finished_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as checked_at,
            coalesce(k.benchmarks, '[]') as benchmarks, k.rule,
            (select count(*)::int from decontam_check b where b.domain_id = s.domain_id and b.batch_id is not null and b.status = 'done'
               and b.finished_at <= s.created_at and b.finished_at > coalesce(k.finished_at, '-infinity')) as import_checks_since,
            (select count(*)::int from snapshot_item i join candidate c on c.id = i.candidate_id
              where i.snapshot_id = s.id and not ${eligibleSql("c")}) as flagged_now
       from domain_snapshot s join domain d on d.id = s.domain_id
       left join lateral (select * from decontam_check k where k.domain_id = s.domain_id and k.batch_id is null and k.status = 'done'
                            and k.finished_at <= s.created_at order by k.finished_at desc limit 1) k on true
      where s.id = any($1::int[]) order by d.slug, s.id`,
    [snapshotIds],
  );
  return rows;
}
