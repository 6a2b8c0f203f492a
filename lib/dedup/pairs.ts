import { z } from "zod";
import { recordAuditIn, type Actor } from "@/lib/audit";
import { pool } from "@/lib/db/client";
import { dbId } from "@/lib/db/ids";
import { inTransaction } from "@/lib/db/transaction";
import { notFound } from "@/lib/errors";
import { lineageRoots, sameLineage } from "./lineage";
import { recluster, type ReclusterResult } from "./recluster";

// What the candidate page shows about near-duplicates, and a lead's unflag of a pair.

export interface NearDupLink {
  id: number;
  similarity: number;
  domain: string;
  preview: string;
}

export interface NearDupPairLink extends NearDupLink {
  sameDomain: boolean;
  /** A lead said this pair is not a duplicate: it no longer joins a cluster. */
  unflagged: boolean;
  /** At or above the threshold(s) that apply (the domain's; across domains, both domains'). */
  atThreshold: boolean;
  /** The two are of one transform lineage (parent and variant, sibling variants): shown, never flagged. */
  lineage: boolean;
}

export interface NearDupCard {
  threshold: number;
  /** Set when this candidate is a flagged near-duplicate: its cluster's representative. */
  representative: NearDupLink | null;
  /** Set when this candidate represents a cluster: the flagged members. */
  members: NearDupLink[];
  /** Its confirmed pairs (within its domain and across domains), most similar first. */
  pairs: NearDupPairLink[];
}

const LINK = `c.id, left(c.prompt, 160) as preview, d.slug as domain`;

/**
 * `readable`: the domains the viewer may read (null: all). Pairs into other domains are left
 * out for them — a reviewer of math does not get previews of science prompts.
 */
export async function nearDupCard(candidateId: number, readable: number[] | null = null): Promise<NearDupCard> {
  const { rows: self } = await pool().query<{ domain_id: number; threshold: number; near_dup_of: number | null; near_dup_similarity: number | null }>(
    `select c.domain_id, d.dedup_threshold as threshold, c.near_dup_of, c.near_dup_similarity
       from candidate c join domain d on d.id = c.domain_id where c.id = $1`,
    [candidateId],
  );
  if (!self[0]) throw notFound(`Candidate #${candidateId}`);
  const { threshold, near_dup_of: repId, near_dup_similarity: repSim } = self[0];
  const [rep, members, pairs] = await Promise.all([
    repId === null
      ? Promise.resolve([])
      : pool().query<NearDupLink>(`select ${LINK}, $2::float8 as similarity from candidate c join domain d on d.id = c.domain_id where c.id = $1`, [repId, repSim ?? 0]).then((r) => r.rows),
    pool()
      .query<NearDupLink>(
        `select ${LINK}, m.similarity from neardup_member m join candidate c on c.id = m.candidate_id join domain d on d.id = c.domain_id
          where m.representative_id = $1 order by m.similarity desc, c.id limit 200`,
        [candidateId],
      )
      .then((r) => r.rows),
    pool()
      .query<NearDupPairLink>(
        `select ${LINK}, p.similarity, p.domain_id is not null as "sameDomain", p.unflagged_at is not null as unflagged,
                p.similarity >= greatest(d.dedup_threshold, $2) - 1e-9 as "atThreshold"
           from (select b as other, * from neardup_pair where a = $1 union all select a as other, * from neardup_pair where b = $1) p
           join candidate c on c.id = p.other join domain d on d.id = c.domain_id
          where $3::int[] is null or c.domain_id = any($3::int[])
          order by p.similarity desc, c.id limit 200`,
        [candidateId, threshold, readable],
      )
      .then(async ({ rows }) => {
        const roots = await lineageRoots(pool(), [candidateId, ...rows.map((r) => r.id)]);
        return rows.map((r) => ({ ...r, lineage: sameLineage(roots, candidateId, r.id) }));
      }),
  ]);
  return { threshold, representative: rep[0] ?? null, members, pairs };
}

export const unflagSchema = z.object({ a: dbId, b: dbId }).refine((p) => p.a !== p.b, { message: "a pair needs two different candidates", path: ["b"] });

/**
 * A lead says two candidates are not near-duplicates: the pair stays stored (with who and when)
 * but never joins a cluster again, on this or any later pass; the domain is re-clustered now.
 */
export async function unflagPair(input: z.input<typeof unflagSchema>, actor: Actor): Promise<ReclusterResult | null> {
  const { a: x, b: y } = unflagSchema.parse(input);
  const [a, b] = x < y ? [x, y] : [y, x];
  const pair = await inTransaction(async (c) => {
    const { rows } = await c.query<{ domain_id: number | null; similarity: number }>(
      `update neardup_pair set unflagged_at = coalesce(unflagged_at, now()), unflagged_by = coalesce(unflagged_by, $3)
        where a = $1 and b = $2 returning domain_id, similarity`,
      [a, b, actor.email ?? "system"],
    );
    if (!rows[0]) throw notFound(`A near-duplicate pair of #${a} and #${b}`);
    await recordAuditIn(c, { actor, action: "dedup.neardup.unflag", target: { type: "candidate", id: b }, details: { a, b, similarity: rows[0].similarity } });
    return rows[0];
  });
  return pair.domain_id === null ? null : recluster(pair.domain_id);
}

export interface NearDupCounts {
  /** Flagged near-duplicates (non-representative members) in scope. */
  flagged: number;
  /** Clusters they belong to. */
  clusters: number;
}

/** Near-duplicate counts of a domain or an import, from the (small) member table. */
export async function nearDupCounts(scope: { domainId: number } | { batchId: number }): Promise<NearDupCounts> {
  const { rows } =
    "domainId" in scope
      ? await pool().query<NearDupCounts>(
          `select count(*)::int as flagged, count(distinct representative_id)::int as clusters from neardup_member where domain_id = $1`,
          [scope.domainId],
        )
      : await pool().query<NearDupCounts>(
          `select count(*)::int as flagged, count(distinct m.representative_id)::int as clusters
             from neardup_member m join candidate c on c.id = m.candidate_id where c.batch_id = $1`,
          [scope.batchId],
        );
  return rows[0];
}
