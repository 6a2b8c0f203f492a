import type { PoolClient } from "pg";
import { isFinalRunStatus } from "./run-lifecycle";
import { insertRunTargets } from "./run-targets";
import { settingsHash } from "./settings";

// Scoring ONE candidate again (after a reviewer fixed its prompt or reference): a small live
// run over just that candidate, with the settings of the run that produced its current score.
// It is an ordinary run — the driver's plan and settlement score it, the runs page lists it,
// candidate_score is replaced by its result like by any later run — so there is no second
// scoring path. Old samples stay with the old run.

export interface RescoreRun {
  runId: number;
  /** The run whose settings were copied (the candidate's current score). */
  fromRunId: number;
}

/** States a run does not leave: nothing will score it any more. */
export const runIsOver = isFinalRunStatus;

/**
 * In the caller's transaction: create a queued live run of the candidate alone, with the
 * settings of its current score's run, recomputing the settings hash from today's endpoints.
 * null when the candidate has no score (nothing to redo). A conflict message when the
 * endpoints that scored it are gone (nothing could score it the same way).
 */
export async function createRescoreRun(
  c: Pick<PoolClient, "query">,
  candidateId: number,
  createdBy: string,
): Promise<RescoreRun | { refused: string } | null> {
  const { rows } = await c.query<{
    run_id: number; domain_id: number; target_endpoint_id: number; k: number; temperature: number; max_tokens: number;
    teacher_endpoint_id: number | null; teacher_k: number | null; teacher_agreement: number | null;
    judge_endpoint_id: number | null; judge_rubric: string | null; other_targets: number[];
  }>(
    `select r.id as run_id, s.domain_id, r.target_endpoint_id, r.k, r.temperature, r.max_tokens, r.teacher_endpoint_id,
            r.teacher_k, r.teacher_agreement, r.judge_endpoint_id, r.judge_rubric,
            array(select t.endpoint_id from run_target t where t.run_id = r.id order by t.position) as other_targets
       from candidate_score s join scoring_run r on r.id = s.run_id where s.candidate_id = $1`,
    [candidateId],
  );
  const from = rows[0];
  if (!from) return null;
  // Every target model the run sampled (issue 15): the new score has a pass rate from each again.
  const ids = [from.target_endpoint_id, ...from.other_targets, from.teacher_endpoint_id, from.judge_endpoint_id].filter((x): x is number => x !== null);
  const { rows: eps } = await c.query<{ id: number; model: string; base_url: string }>(
    "select id, model, base_url from model_endpoint where id = any($1::int[])",
    [ids],
  );
  const missing = ids.filter((id) => !eps.some((e) => e.id === id));
  if (missing.length) {
    return { refused: `The endpoint${missing.length > 1 ? "s" : ""} that scored this candidate (#${missing.join(", #")}) no longer exist${missing.length > 1 ? "" : "s"}: it cannot be re-scored the same way` };
  }
  const ep = (id: number) => eps.find((e) => e.id === id)!;
  const target = ep(from.target_endpoint_id);
  const teacher = from.teacher_endpoint_id !== null ? ep(from.teacher_endpoint_id) : null;
  const key = (e: { id: number; model: string; base_url: string }) => ({ id: e.id, model: e.model, baseUrl: e.base_url });
  const hash = settingsHash({
    target: key(target),
    otherTargets: from.other_targets.map((id) => key(ep(id))),
    k: from.k,
    temperature: from.temperature,
    maxTokens: from.max_tokens,
    teacher: teacher ? { endpoint: key(teacher), k: from.teacher_k ?? 0, agreement: from.teacher_agreement ?? 1 } : null,
  });
  // A scaling run that "continues" the scoring run it redoes: the runs page links the two.
  const { rows: run } = await c.query<{ id: number }>(
    `insert into scoring_run (domain_id, phase, mode, status, target_endpoint_id, k, temperature, max_tokens, filters,
       teacher_endpoint_id, teacher_k, teacher_agreement, judge_endpoint_id, judge_rubric, settings_hash, parent_run_id,
       created_by, total)
     values ($1, 'scaling', 'live', 'queued', $2, $3, $4, $5, '{}'::jsonb, $6, $7, $8, $9, $10, $11, $12, $13, 1) returning id`,
    [
      from.domain_id, from.target_endpoint_id, from.k, from.temperature, from.max_tokens, from.teacher_endpoint_id, from.teacher_k,
      from.teacher_agreement, from.judge_endpoint_id, from.judge_rubric, hash, from.run_id, createdBy,
    ],
  );
  await insertRunTargets(c, run[0].id, from.other_targets);
  await c.query("insert into run_item (run_id, candidate_id, seq) values ($1, $2, 1)", [run[0].id, candidateId]);
  return { runId: run[0].id, fromRunId: from.run_id };
}
