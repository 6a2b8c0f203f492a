import { systemActor } from "@/lib/audit";
import { pool } from "@/lib/db/client";
import { createDomain } from "@/lib/domains";

/**
 * A domain with `n` scored, triaged candidates spread over the bands' pass rates (set-based:
 * thousands in one statement each). Returns the domain id and the candidate ids.
 */
export async function seedScoredDomain(slug: string, n: number, opts: { reviewersPerItem?: number; consensus?: "majority" | "unanimous" } = {}) {
  const domain = await createDomain({ slug, name: slug }, systemActor);
  await pool().query("update domain set reviewers_per_item = $2, consensus = $3::\"ConsensusRule\" where id = $1", [
    domain.id,
    opts.reviewersPerItem ?? 1,
    opts.consensus ?? "majority",
  ]);
  const { rows } = await pool().query<{ id: number }>(
    `insert into candidate (domain_id, prompt, answer, prompt_hash, stage)
     select $1, $2 || ' item ' || g, (g % 97)::text, sha256(convert_to($2 || g, 'UTF8')), 'triaged'
       from generate_series(1, $3) g
     returning id`,
    [domain.id, slug, n],
  );
  await pool().query(
    `insert into candidate_score (candidate_id, domain_id, run_id, settings_hash, passes, k, pass_rate, ci_low, ci_high, band, judge_score)
     select c.id, $1, 1, 'seed', (c.id % 7) + 1, 8, ((c.id % 7) + 1) / 8.0, 0.05, 0.95, 'teachable', 5 + (c.id % 5)
       from candidate c where c.domain_id = $1`,
    [domain.id],
  );
  return { domainId: domain.id, ids: rows.map((r) => r.id) };
}
