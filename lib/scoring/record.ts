import type { PoolClient } from "pg";
import { pool } from "@/lib/db/client";
import { eligibleSql } from "@/lib/candidates/eligible";
import { absorbSample, emptyState, planSettingsOf, settlementOf, type StoredSample } from "./plan";
import { setRunStatus } from "./run-lifecycle";
import { finishRunItems } from "./run-item-lifecycle";
import type { RunContext } from "./context";
import { getDifficultyBasis } from "./domain-difficulty";
import { modelScoresOf, writeModelScores } from "./model-scores";
import { difficultyOf, type ModelScore } from "./difficulty";
import { hasOwnReferenceSql } from "./reference";
import { bandSql } from "./triage";

// The one write path of scoring, shared by the live driver and batch import: store samples
// (each (run, candidate, role, target model, index) at most once), then settle candidates from what is
// stored — never from what one process happens to hold in memory — so a retried job, a
// second worker or a re-imported batch file all end at the same pass rates.

export type SampleRole = "target" | "teacher" | "judge";

export interface SampleRow {
  candidateId: number;
  role: SampleRole;
  /** Which of the run's target models answered (0 / absent: the primary; issue 15). */
  targetPosition?: number;
  index: number;
  response: string | null;
  extracted: string | null;
  correct: boolean | null;
  reason: string | null;
  score: number | null;
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
  errorKind: string | null;
  error: string | null;
  /** The model's thinking, kept apart from `response` (never verified). */
  reasoning: string | null;
  reasoningTokens: number;
  finishReason: string | null;
}

export interface SettleResult {
  /** Candidates scored (items done). */
  done: number;
  /** Candidates whose every sample failed (items failed, with the reason). */
  failed: number;
}

/**
 * Insert samples set-based (one statement) and add exactly the inserted rows to the
 * run's counters — a conflicting duplicate adds nothing. Returns the keys (sampleKey) of
 * the rows actually inserted.
 */
export async function insertSamples(client: PoolClient, ctx: RunContext, rows: SampleRow[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const price = (e: RunContext["target"] | null) => [e?.priceInput ?? 0, e?.priceOutput ?? 0];
  // One JSON parameter rather than 13 arrays: JSON.stringify is native and cheap, while the
  // driver's event loop would otherwise spend its time serialising array literals.
  // The keys come back as one json array (one native JSON.parse), not 2,000 result rows.
  const { rows: out } = await client.query<{ keys: string[] }>(
    `with ins as (
       insert into sample (run_id, candidate_id, role, target_position, "index", response, extracted, correct, reason, score,
                           prompt_tokens, completion_tokens, latency_ms, error_kind, error, reasoning, reasoning_tokens, finish_reason)
       select $1, x."candidateId", x.role, coalesce(x."targetPosition", 0), x."index", x.response, x.extracted, x.correct, x.reason, x.score,
              x."promptTokens", x."completionTokens", x."latencyMs", x."errorKind", x.error, x.reasoning,
              coalesce(x."reasoningTokens", 0), x."finishReason"
         from json_to_recordset($2::json) as x("candidateId" int, role "SampleRole", "targetPosition" int, "index" int, response text,
              extracted text, correct bool, reason text, score float8, "promptTokens" int, "completionTokens" int,
              "latencyMs" int, "errorKind" text, error text, reasoning text, "reasoningTokens" int, "finishReason" text)
       on conflict (run_id, candidate_id, role, target_position, "index") do nothing
       returning candidate_id, role, target_position, "index", error_kind, prompt_tokens, completion_tokens, reasoning_tokens, finish_reason),
     kinds as (select error_kind as kind, count(*) as n from ins where error_kind is not null group by error_kind),
     merged as (
       select jsonb_object_agg(kind, n) as j from (
         select kind, sum(n)::int as n from (
           select key as kind, value::int as n from scoring_run, jsonb_each_text(coalesce(errors_by_kind, '{}'::jsonb)) where id = $1
           union all select kind, n from kinds) x group by kind) y),
     upd as (
       update scoring_run set
         samples = samples + (select count(*) from ins where error_kind is null),
         sample_errors = sample_errors + (select count(*) from ins where error_kind is not null),
         prompt_tokens = prompt_tokens + (select coalesce(sum(prompt_tokens), 0) from ins),
         completion_tokens = completion_tokens + (select coalesce(sum(completion_tokens), 0) from ins),
         reasoning_tokens = reasoning_tokens + (select coalesce(sum(reasoning_tokens), 0) from ins),
         truncated_samples = truncated_samples + (select count(*) from ins where finish_reason = 'length' and role <> 'judge'),
         cost_usd = cost_usd + (select coalesce(sum(case role
             when 'target' then prompt_tokens * ($3::float8[])[target_position + 1] + completion_tokens * ($4::float8[])[target_position + 1]
             when 'teacher' then prompt_tokens * $5::float8 + completion_tokens * $6::float8
             else prompt_tokens * $7::float8 + completion_tokens * $8::float8 end), 0) / 1e6 from ins),
         errors_by_kind = case when exists (select 1 from kinds) then (select j from merged) else errors_by_kind end
       where id = $1)
     select coalesce(json_agg(candidate_id || ':' || role || case when target_position > 0 then '@' || target_position else '' end || ':' || "index"), '[]') as keys
       from ins`,
    [
      ctx.run.id, JSON.stringify(rows), ctx.targets.map((t) => t.priceInput), ctx.targets.map((t) => t.priceOutput),
      ...price(ctx.teacher), ...price(ctx.judge),
    ],
  );
  return new Set(out[0].keys);
}

/** The key insertSamples reports for a stored row. */
export const sampleKey = (r: Pick<SampleRow, "candidateId" | "role" | "index" | "targetPosition">) =>
  `${r.candidateId}:${r.role}${r.targetPosition ? `@${r.targetPosition}` : ""}:${r.index}`;

/**
 * Settle the given candidates from their stored samples, by the plan's settlement (plan.ts):
 * a candidate still needing samples is left pending; a settled one gets its score (band by
 * the domain's current band, bandSql), stage → triaged (only from imported/scored), item done;
 * a failed one fails with the reason. Deleted candidates fail, and so do candidates flagged
 * near-duplicate or contaminated since the run was created (LEFT_OUT), and candidates whose
 * prompt or reference was edited since the run was created (EDITED_DURING_RUN).
 */
export const LEFT_OUT = "left out: flagged as a near-duplicate or contaminated after the run was created";
/**
 * Some of the run's samples may have answered (or been checked against) the text before the
 * edit, and a score must describe the text the candidate has now. The edit's own re-score run
 * (created in the edit's transaction, lib/review/edit.ts) measures the new text; a candidate
 * that had no score is taken by the domain's next run (it has no score under those settings).
 */
export const EDITED_DURING_RUN = "left out: its prompt or reference was edited after the run was created";

export async function settleCandidates(client: PoolClient, ctx: RunContext, candidateIds: number[]): Promise<SettleResult> {
  if (candidateIds.length === 0) return { done: 0, failed: 0 };
  // The decision is made in TypeScript from stored rows (the only copy of the rule), and written
  // set-based below. Own reference comes from its SQL twin (reference.ts), pinned by a test.
  // "edited": an edit committed after this run was created. The edit's re-score run shares the
  // edit's transaction timestamp, so it is never "after" its own edit.
  const { rows: cands } = await client.query<{ id: number; exists: boolean; own: boolean; eligible: boolean; edited: boolean }>(
    `select ids.id, c.id is not null as exists, coalesce(${hasOwnReferenceSql(ctx.kind, "c.answer", "c.metadata")}, false) as own,
            coalesce(${eligibleSql("c")}, true) as eligible,
            exists (select 1 from candidate_edit e join scoring_run r on r.id = $2
                     where e.candidate_id = ids.id and e.created_at > r.created_at
                       and e.rescore_run_id is distinct from r.id) as edited
       from unnest($1::int[]) as ids(id) left join candidate c on c.id = ids.id`,
    [candidateIds, ctx.run.id],
  );
  // As one json array: a flush settles ~250 candidates from ~2,000 rows, and parsing them
  // field by field cost the live driver's event loop more than the native JSON.parse does.
  const { rows: storedJson } = await client.query<{ rows: (StoredSample & { candidateId: number })[] }>(
    `select coalesce(json_agg(json_build_object(
              'candidateId', candidate_id, 'role', role, 'targetPosition', target_position, 'index', "index",
              'extracted', case when role = 'teacher' then extracted end,
              'correct', correct, 'score', score, 'errorKind', error_kind)), '[]') as rows
       from sample where run_id = $1 and candidate_id = any($2::int[])`,
    [ctx.run.id, candidateIds],
  );
  const stored = storedJson[0].rows;
  const states = new Map(cands.filter((c) => c.exists).map((c) => [c.id, emptyState(c.own)]));
  for (const s of stored) {
    const state = states.get(s.candidateId);
    if (state) absorbSample(state, s);
  }

  const settings = planSettingsOf(ctx);
  // Read in this transaction: a basis changed while the run goes on applies to what settles next.
  const basis = await getDifficultyBasis(ctx.domainId, client);
  const scored: { id: number; passes: number; k: number; rate: number | null; low: number | null; high: number | null; proxy: string | null; agreement: number | null; judge: number | null; models: ModelScore[] }[] = [];
  const failed: { id: number; reason: string }[] = [];
  for (const c of cands) {
    const state = states.get(c.id);
    if (!state) {
      failed.push({ id: c.id, reason: "candidate was deleted" });
      continue;
    }
    // Flagged (near-duplicate or contaminated, lib/candidates/eligible.ts) after the run took it:
    // left out rather than scored, whatever was sampled already.
    if (!c.eligible) {
      failed.push({ id: c.id, reason: LEFT_OUT });
      continue;
    }
    if (c.edited) {
      failed.push({ id: c.id, reason: EDITED_DURING_RUN });
      continue;
    }
    const s = settlementOf(state, settings);
    if (s === null) continue;
    if (s.kind === "failed") failed.push({ id: c.id, reason: s.reason });
    else if (s.kind === "unverifiable") {
      scored.push({ id: c.id, passes: 0, k: 0, rate: null, low: null, high: null, proxy: null, agreement: s.agreement, judge: null, models: [] });
    } else {
      // Each target model's pass rate, and the domain's difficulty from them (difficulty.ts).
      const models = modelScoresOf(ctx, s.models);
      const d = difficultyOf(models, basis)!;
      scored.push({ id: c.id, passes: d.passes, k: d.k, rate: d.passRate, low: d.ciLow, high: d.ciHigh, proxy: s.proxy, agreement: s.agreement, judge: s.judge, models });
    }
  }

  if (scored.length) {
    const col = <K extends keyof (typeof scored)[number]>(k: K) => scored.map((s) => s[k]);
    await client.query(
      `insert into candidate_score (candidate_id, domain_id, run_id, settings_hash, passes, k, pass_rate, ci_low, ci_high,
                                    band, proxy_reference, teacher_agreement, judge_score, scored_at)
       select u.id, d.id, $1, $3, u.passes, u.k, u.rate, u.low, u.high, ${bandSql("u.rate", "d.band_low", "d.band_high")},
              u.proxy, u.agreement, u.judge, now()
         from unnest($4::int[], $5::int[], $6::int[], $7::float8[], $8::float8[], $9::float8[], $10::text[], $11::float8[], $12::float8[])
              as u(id, passes, k, rate, low, high, proxy, agreement, judge)
         join domain d on d.id = $2
       on conflict (candidate_id) do update set domain_id = excluded.domain_id, run_id = excluded.run_id,
         settings_hash = excluded.settings_hash, passes = excluded.passes, k = excluded.k, pass_rate = excluded.pass_rate,
         ci_low = excluded.ci_low, ci_high = excluded.ci_high, band = excluded.band, proxy_reference = excluded.proxy_reference,
         teacher_agreement = excluded.teacher_agreement, judge_score = excluded.judge_score, scored_at = excluded.scored_at`,
      [
        ctx.run.id, ctx.domainId, ctx.run.settingsHash, col("id"), col("passes"), col("k"), col("rate"), col("low"),
        col("high"), col("proxy"), col("agreement"), col("judge"),
      ],
    );
    await writeModelScores(client, ctx, scored);
    await client.query(
      `update candidate set stage = 'triaged' where id = any($1::int[]) and stage in ('imported', 'scored')`,
      [col("id")],
    );
  }
  return finishRunItems(client, ctx.run.id, [
    ...scored.map((s) => ({ candidateId: s.id, to: "done" as const, reason: null })),
    ...failed.map((f) => ({ candidateId: f.id, to: "failed" as const, reason: f.reason })),
  ]);
}

export interface RecordOptions {
  /**
   * The live driver's writes: only while the run is 'running'. The run row is locked first,
   * so a pause or cancel either commits before this write (which then stores nothing: the
   * answers came after the stop as far as the run is concerned) or waits for it.
   */
  onlyWhileRunning?: boolean;
}

/** Samples and settlement in one transaction: a crash leaves both or neither. */
export async function recordAndSettle(
  ctx: RunContext,
  rows: SampleRow[],
  candidateIds: number[],
  opts: RecordOptions = {},
): Promise<SettleResult & { inserted: Set<string>; stopped: boolean }> {
  const client = await pool().connect();
  try {
    await client.query("begin");
    if (opts.onlyWhileRunning) {
      const { rows: run } = await client.query<{ status: string }>(
        "select status::text from scoring_run where id = $1 for update",
        [ctx.run.id],
      );
      if (run[0]?.status !== "running") {
        await client.query("rollback");
        return { done: 0, failed: 0, inserted: new Set(), stopped: true };
      }
    }
    const inserted = await insertSamples(client, ctx, rows);
    const settled = await settleCandidates(client, ctx, candidateIds);
    await client.query("commit");
    return { ...settled, inserted, stopped: false };
  } catch (err) {
    await client.query("rollback").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/** Mark the run done when nothing is pending any more (live and batch runs alike). */
export async function finishIfComplete(runId: number): Promise<boolean> {
  const { rows } = await pool().query<{ done: number; failed: number; pending: number; reason: string | null }>(
    `select count(*) filter (where status = 'done')::int as done, count(*) filter (where status = 'failed')::int as failed,
            count(*) filter (where status = 'pending')::int as pending, min(error) filter (where status = 'failed') as reason
       from run_item where run_id = $1`,
    [runId],
  );
  const x = rows[0];
  if (x.pending > 0) return false;
  // A run whose every item failed (an endpoint refusing every call) scored nothing: it ends
  // "failed" with one item's reason as an example, not "done" next to a scaling button.
  // Items only ever leave 'pending', so the counts cannot go stale; the setter re-checks.
  const nothing = x.done === 0 && x.failed > 0;
  return setRunStatus(pool(), runId, {
    from: ["queued", "running"],
    to: nothing ? "failed" : "done",
    onlyWhenSettled: true,
    ...(nothing ? { errorMessage: `No candidate could be scored (all ${x.failed} failed), e.g. ${x.reason}` } : {}),
  });
}
