import type { PoolClient } from "pg";
import { pool } from "@/lib/db/client";
import { inTransaction } from "@/lib/db/transaction";
import { clustersOf, pairKey, representativeOf, type ScoredPair } from "./clusters";
import { readPromptFacts } from "./confirm";
import { lineageRoots, sameLineage } from "./lineage";
import { jaccard } from "./shingles";

// Re-cluster one domain from its stored pairs: union-find over the pairs at or above the
// domain's threshold that no lead unflagged and that are not lineage (a transform's variant and
// its parent or siblings; lineage.ts), a representative per cluster, and every other
// member flagged (neardup_member, mirrored into candidate.near_dup_of / near_dup_similarity,
// which is what runs, queues and exports read). Cheap: a domain's pairs are a few % of it.

export interface ReclusterResult {
  domainId: number;
  threshold: number;
  clusters: number;
  flagged: number;
}

export async function domainThreshold(domainId: number): Promise<number> {
  const { rows } = await pool().query<{ t: number }>("select dedup_threshold as t from domain where id = $1", [domainId]);
  return rows[0]?.t ?? 0.8;
}

/** Re-clusterings of one domain (a pass, a lead's unflag) take turns: a transaction lock per domain. */
const RECLUSTER_LOCK = 0x6e_64_63_6c; // "ndcl"

export async function recluster(domainId: number): Promise<ReclusterResult> {
  return inTransaction(async (c) => {
    await c.query("select pg_advisory_xact_lock($1, $2)", [RECLUSTER_LOCK, domainId]);
    return reclusterLocked(c, domainId);
  });
}

async function reclusterLocked(c: PoolClient, domainId: number): Promise<ReclusterResult> {
  const threshold = await domainThreshold(domainId);
  const { rows: stored } = await c.query<ScoredPair>(
    `select a, b, similarity from neardup_pair
      where domain_id = $1 and unflagged_at is null and similarity >= $2`,
    [domainId, threshold - 1e-9],
  );
  // Lineage is not duplication (lineage.ts): a pair of one lineage tree joins no cluster, and a
  // member of the representative's own tree (joined through some third prompt) is not flagged:
  // what a cluster keeps is its representative and the representative's variants/parent.
  const roots = await lineageRoots(c, stored.flatMap((p) => [p.a, p.b]));
  const pairs = roots.size ? stored.filter((p) => !sameLineage(roots, p.a, p.b)) : stored;
  const clusters = clustersOf(pairs);
  const direct = new Map(pairs.map((p) => [pairKey(p.a, p.b), p.similarity]));
  const { rows: answers } = await c.query<{ id: number }>("select id from candidate where id = any($1::int[]) and answer is not null", [clusters.flat()]);
  const withAnswer = new Set(answers.map((r) => r.id));

  const ids: number[] = [];
  const reps: number[] = [];
  const sims: (number | null)[] = [];
  const indirect: number[] = [];
  for (const members of clusters) {
    const rep = representativeOf(members, (id) => withAnswer.has(id));
    for (const m of members) {
      if (m === rep || sameLineage(roots, m, rep)) continue;
      ids.push(m);
      reps.push(rep);
      const s = direct.get(pairKey(m, rep));
      sims.push(s ?? null);
      if (s === undefined) indirect.push(m, rep);
    }
  }
  // Members joined through a chain have no stored pair with the representative: measure it.
  if (indirect.length) {
    const facts = await readPromptFacts(c, indirect);
    sims.forEach((s, i) => {
      if (s !== null) return;
      const a = facts.get(ids[i]);
      const b = facts.get(reps[i]);
      sims[i] = a && b ? jaccard(a.shingles, b.shingles) : 0;
    });
  }

  await c.query("create temp table if not exists neardup_new_member (candidate_id int primary key, representative_id int, similarity float8) on commit drop");
  await c.query("insert into neardup_new_member select * from unnest($1::int[], $2::int[], $3::float8[])", [ids, reps, sims]);
  // Members no longer flagged (unflagged, threshold raised, representative changed…) first.
  await c.query(
    `with gone as (
       delete from neardup_member m where m.domain_id = $1
          and not exists (select 1 from neardup_new_member n where n.candidate_id = m.candidate_id)
       returning m.candidate_id)
     update candidate c set near_dup_of = null, near_dup_similarity = null from gone where c.id = gone.candidate_id`,
    [domainId],
  );
  await c.query(
    `insert into neardup_member (candidate_id, representative_id, domain_id, similarity)
     select candidate_id, representative_id, $1, similarity from neardup_new_member
     on conflict (candidate_id) do update set representative_id = excluded.representative_id, similarity = excluded.similarity, domain_id = excluded.domain_id
       -- unchanged members are not rewritten: an import's pass re-clusters whole domains
       where (neardup_member.representative_id, neardup_member.similarity, neardup_member.domain_id)
             is distinct from (excluded.representative_id, excluded.similarity, excluded.domain_id)`,
    [domainId],
  );
  await c.query(
    `update candidate c set near_dup_of = n.representative_id, near_dup_similarity = n.similarity
       from neardup_new_member n
      where c.id = n.candidate_id
        and (c.near_dup_of is distinct from n.representative_id or c.near_dup_similarity is distinct from n.similarity)`,
  );
  return { domainId, threshold, clusters: clusters.length, flagged: ids.length };
}
