import { systemActor } from "@/lib/audit";
import { pool } from "@/lib/db/client";
import { createDomain } from "@/lib/domains";
import { createEndpoint } from "@/lib/models/endpoints";

// DB-test set-up for snapshots: a domain with a scored run, samples and review outcomes
// written as the review workspace writes them (review_item final + review_decision with the
// chosen response), set-based and without the claim/lease machinery freeze does not read.

export const lead = { id: null, email: "lead@snap.test" };

let endpointId: number | null = null;
export async function endpoint(): Promise<number> {
  if (endpointId === null) {
    const e = await createEndpoint({ name: "snap-sim", baseUrl: "http://127.0.0.1:9/v1", model: "sim", roles: ["target", "teacher", "judge"], simulated: true }, systemActor);
    endpointId = e.id;
  }
  return endpointId;
}

export interface Seeded {
  domainId: number;
  runId: number;
  ids: number[];
  /** Per candidate: the id of its first (correct) target sample and of its teacher sample. */
  target: Map<number, string>;
  teacher: Map<number, string>;
}

/** n scored candidates (k=8, 1..7 correct), one correct target attempt and one teacher answer each. */
export async function seedScored(slug: string, n: number): Promise<Seeded> {
  const domain = await createDomain({ slug, name: `Domain ${slug}` }, systemActor);
  const ep = await endpoint();
  const run = await pool().query<{ id: number }>(
    `insert into scoring_run (domain_id, phase, status, target_endpoint_id, teacher_endpoint_id, k, settings_hash, created_by)
     values ($1, 'exploration', 'done', $2, $2, 8, 'snap-test', 'test') returning id`,
    [domain.id, ep],
  );
  const runId = run.rows[0].id;
  const { rows } = await pool().query<{ id: number }>(
    `insert into candidate (domain_id, prompt, answer, prompt_hash, stage, source, metadata)
     select $1, 'What is ' || g || ' + ' || g || '? [' || $2 || ']', (2 * g)::text, sha256(convert_to($2 || g, 'UTF8')), 'triaged',
            'seed', jsonb_build_object('n', g)
       from generate_series(1, $3) g returning id`,
    [domain.id, slug, n],
  );
  const ids = rows.map((r) => r.id).sort((a, b) => a - b);
  await pool().query(
    `insert into candidate_score (candidate_id, domain_id, run_id, settings_hash, passes, k, pass_rate, ci_low, ci_high, band, judge_score)
     select c.id, $1, $2, 'snap-test', (c.id % 7) + 1, 8, ((c.id % 7) + 1) / 8.0, 0.05, 0.95, 'teachable', 6
       from candidate c where c.domain_id = $1`,
    [domain.id, runId],
  );
  const samples = await pool().query<{ id: string; candidate_id: number; role: string }>(
    `insert into sample (run_id, candidate_id, role, index, response, extracted, correct)
     select $1, c.id, r.role::"SampleRole", 0, r.role || ' answer to ' || c.id, c.answer, true
       from candidate c cross join (values ('target'), ('teacher')) r(role) where c.domain_id = $2
     returning id::text, candidate_id, role::text`,
    [runId, domain.id],
  );
  const target = new Map<number, string>();
  const teacher = new Map<number, string>();
  for (const s of samples.rows) (s.role === "target" ? target : teacher).set(s.candidate_id, s.id);
  return { domainId: domain.id, runId, ids, target, teacher };
}

export interface Choice {
  sampleId?: string | null;
  source?: "sample" | "teacher" | "reference" | null;
  text?: string | null;
}

/** An accept decision as decide() stores it, and the item made final with that outcome. */
export async function accept(domainId: number, candidateId: number, choice: Choice = {}, outcome: "accept" | "reject" = "accept", state = "final") {
  await pool().query(
    `insert into review_decision (candidate_id, domain_id, reviewer_id, decision, response_sample_id, response_source, response_text)
     values ($1, $2, 'rev', $3::"ReviewDecisionKind", $4, $5, $6)`,
    [candidateId, domainId, outcome, choice.sampleId ?? null, choice.source ?? null, choice.text ?? null],
  );
  await pool().query(
    `insert into review_item (candidate_id, domain_id, state, outcome, final_at) values ($1, $2, $3::"ReviewItemState", $4::"ReviewDecisionKind", now())
     on conflict (candidate_id) do update set state = excluded.state, outcome = excluded.outcome`,
    [candidateId, domainId, state, state === "final" ? outcome : null],
  );
}
