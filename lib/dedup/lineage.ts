import type { Pool, PoolClient } from "pg";

// Lineage is not duplication (docs/decisions/0032). A transform's variant is a rewrite of its
// parent (candidate_lineage), so it is near its parent, and near its siblings, by construction:
// such a pair is stored and shown with its similarity but never clusters, and a cluster keeps
// its representative's whole lineage — clustering (recluster.ts) is where flags are decided, so
// every pass, the incremental one and the re-check of an edit or a variant, follows this one
// rule. A variant near some OTHER prompt is flagged as usual.
//
// The rule: two candidates of the same lineage tree (the same root ancestor) — parent and
// child, siblings, and, transitively, a variant of a variant with its grandparent or cousins.

type Q = Pick<Pool | PoolClient, "query">;

/** Lineage is a forest (one parent per child): deeper than this can only be a corrupt cycle. */
const MAX_DEPTH = 64;

/** The lineage root of each of these candidates that has a parent (absent: it is its own root). */
export async function lineageRoots(q: Q, ids: Iterable<number>): Promise<Map<number, number>> {
  const all = [...new Set(ids)];
  if (!all.length) return new Map();
  const { rows } = await q.query<{ id: number; root: number }>(
    `with recursive up(id, anc, depth) as (
       select child_id, parent_id, 1 from candidate_lineage where child_id = any($1::int[])
       union all
       select up.id, l.parent_id, up.depth + 1 from up join candidate_lineage l on l.child_id = up.anc where up.depth < $2)
     select distinct on (id) id, anc as root from up order by id, depth desc`,
    [all, MAX_DEPTH],
  );
  return new Map(rows.map((r) => [r.id, r.root]));
}

/** Whether a and b are of one lineage tree, given lineageRoots of both. */
export const sameLineage = (roots: Map<number, number>, a: number, b: number) => (roots.get(a) ?? a) === (roots.get(b) ?? b);
