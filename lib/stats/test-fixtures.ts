import { systemActor } from "@/lib/audit";
import { pool } from "@/lib/db/client";
import { createDomain } from "@/lib/domains";

// A small, exactly known domain for the dashboards' tests (numbers in stats.db.test.ts):
// 20 scored candidates with passes = i % 9 of 8 (i = 1..20), 2 unverifiable, 3 unscored; one
// finished run at k = 8; review items c1, c2 accepted, c3 rejected, c4 open, c5 in
// adjudication; decisions by two reviewers today, plus one undone, one gold and one two days old.

export async function makeRun(domainId: number, k: number, finished = true): Promise<number> {
  const { rows: e } = await pool().query<{ id: number }>(
    `insert into model_endpoint (name, base_url, model, roles, updated_at) values ('ep-' || gen_random_uuid(), 'http://x', 'm', '{}', now())
     returning id`,
  );
  const { rows } = await pool().query<{ id: number }>(
    `insert into scoring_run (domain_id, phase, target_endpoint_id, k, settings_hash, created_by, status, finished_at)
     values ($1, 'exploration', $2, $3, 'fx', 'test', 'done', case when $4 then now() end) returning id`,
    [domainId, e[0].id, k, finished],
  );
  return rows[0].id;
}

export async function seedDashboardDomain(slug: string, reviewers: [string, string]) {
  const domain = await createDomain({ slug, name: slug }, systemActor);
  const runId = await makeRun(domain.id, 8);
  const { rows } = await pool().query<{ id: number }>(
    `insert into candidate (domain_id, prompt, answer, prompt_hash, stage)
     select $1, $2 || ' item ' || g, 'a', sha256(convert_to($2 || g, 'UTF8')), case when g <= 22 then 'triaged' else 'imported' end::"CandidateStage"
       from generate_series(1, 25) g order by g returning id`,
    [domain.id, slug],
  );
  const c = rows.map((r) => r.id); // c[0] is item 1
  await pool().query(
    `insert into candidate_score (candidate_id, domain_id, run_id, settings_hash, passes, k, pass_rate, band)
     select id, $1, $2, 'fx', case when g <= 20 then g % 9 else 0 end, 8,
            case when g <= 20 then (g % 9) / 8.0 end,
            (case when g > 20 then 'unverifiable' when g % 9 = 0 then 'too_hard' when g % 9 = 8 then 'too_easy' else 'teachable' end)::"Band"
       from unnest($3::int[]) with ordinality as t(id, g) where g <= 22`,
    [domain.id, runId, c],
  );
  const [r1, r2] = reviewers;
  await pool().query(
    `insert into review_item (candidate_id, domain_id, state, outcome, final_at) values
       ($2, $1, 'final', 'accept', now()), ($3, $1, 'final', 'accept', now()), ($4, $1, 'final', 'reject', now()),
       ($5, $1, 'open', null, null), ($6, $1, 'adjudication', null, null)`,
    [domain.id, c[0], c[1], c[2], c[3], c[4]],
  );
  await pool().query(
    `insert into review_decision (candidate_id, domain_id, reviewer_id, decision, created_at, undone_at, gold) values
       ($2, $1, $7, 'accept', now(), null, false), ($3, $1, $7, 'accept', now(), null, false), ($4, $1, $8, 'reject', now(), null, false),
       ($5, $1, $7, 'accept', now(), null, false), ($6, $1, $7, 'accept', now(), null, false), ($6, $1, $8, 'reject', now(), null, false),
       ($5, $1, $8, 'accept', now(), now(), false), ($9, $1, $8, 'accept', now(), null, true),
       ($9, $1, $7, 'reject', now() - interval '2 days', null, false)`,
    [domain.id, c[0], c[1], c[2], c[3], c[4], r1, r2, c[10]],
  );
  return { domainId: domain.id, runId, ids: c };
}
