import type { PoolClient } from "pg";
import { pool } from "@/lib/db/client";
import { plurality, sameAnswer } from "./plurality";
import { setRunStatus } from "./run-lifecycle";
import type { RunContext } from "./context";
import { passRateOf, wilson } from "./stats";
import { hasWrittenReferenceSql } from "./reference";
import { bandSql } from "./triage";

// The one write path of scoring, shared by the live driver and batch import: store samples
// (each (run, candidate, role, index) at most once), then settle candidates from what is
// stored — never from what one process happens to hold in memory — so a retried job, a
// second worker or a re-imported batch file all end at the same pass rates.

export type SampleRole = "target" | "teacher" | "judge";

export interface SampleRow {
  candidateId: number;
  role: SampleRole;
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
  const { rows: out } = await client.query<{ key: string }>(
    `with ins as (
       insert into sample (run_id, candidate_id, role, "index", response, extracted, correct, reason, score,
                           prompt_tokens, completion_tokens, latency_ms, error_kind, error)
       select $1, x."candidateId", x.role, x."index", x.response, x.extracted, x.correct, x.reason, x.score,
              x."promptTokens", x."completionTokens", x."latencyMs", x."errorKind", x.error
         from json_to_recordset($2::json) as x("candidateId" int, role "SampleRole", "index" int, response text,
              extracted text, correct bool, reason text, score float8, "promptTokens" int, "completionTokens" int,
              "latencyMs" int, "errorKind" text, error text)
       on conflict (run_id, candidate_id, role, "index") do nothing
       returning candidate_id, role, "index", error_kind, prompt_tokens, completion_tokens),
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
         cost_usd = cost_usd + (select coalesce(sum(case role
             when 'target' then prompt_tokens * $3::float8 + completion_tokens * $4::float8
             when 'teacher' then prompt_tokens * $5::float8 + completion_tokens * $6::float8
             else prompt_tokens * $7::float8 + completion_tokens * $8::float8 end), 0) / 1e6 from ins),
         errors_by_kind = case when exists (select 1 from kinds) then (select j from merged) else errors_by_kind end
       where id = $1)
     select candidate_id || ':' || role || ':' || "index" as key from ins`,
    [ctx.run.id, JSON.stringify(rows), ...price(ctx.target), ...price(ctx.teacher), ...price(ctx.judge)],
  );
  return new Set(out.map((r) => r.key));
}

/** The key insertSamples reports for a stored row. */
export const sampleKey = (r: Pick<SampleRow, "candidateId" | "role" | "index">) => `${r.candidateId}:${r.role}:${r.index}`;

interface StoredAggregate {
  id: number;
  exists: boolean;
  hasGold: boolean;
  targetTotal: number;
  targetOk: number;
  passes: number;
  teacherTotal: number;
  teacherAnswers: (string | null)[] | null;
  judgeTotal: number;
  judgeScore: number | null;
  errorKinds: string | null;
}

/** What a candidate's reference is, from stored teacher samples when it has none of its own. */
export function proxyFrom(ctx: RunContext, teacherAnswers: (string | null)[]): { answer: string | null; agreement: number | null } {
  if (teacherAnswers.length === 0) return { answer: null, agreement: null };
  const p = plurality(teacherAnswers, sameAnswer(ctx.kind));
  const agreement = p?.share ?? 0;
  return { answer: p && agreement >= (ctx.run.teacherAgreement ?? 1) ? p.answer : null, agreement };
}

/** Whether the candidate has its own reference: an answer, or (code) tests. */
export function hasGoldSql(kind: RunContext["kind"]): string {
  if (kind === "code") return `(jsonb_typeof(c.metadata->'tests') = 'array' and jsonb_array_length(c.metadata->'tests') > 0)`;
  if (kind === "none") return "false";
  return hasWrittenReferenceSql("c.answer");
}

/**
 * Settle the given candidates from their stored samples. A candidate is complete when every
 * sample it needs is stored (errors included: an errored index is not retried, it is
 * excluded from k); incomplete ones are left pending. Complete ones get their score (band by
 * the domain's current band), stage → triaged (only from imported/scored), item done; those
 * with no verified sample at all fail with the error kinds as reason.
 */
export async function settleCandidates(client: PoolClient, ctx: RunContext, candidateIds: number[]): Promise<SettleResult> {
  if (candidateIds.length === 0) return { done: 0, failed: 0 };
  const { rows } = await client.query<StoredAggregate>(
    `select ids.id, c.id is not null as exists, coalesce(${hasGoldSql(ctx.kind)}, false) as "hasGold",
       count(s.id) filter (where s.role = 'target')::int as "targetTotal",
       count(s.id) filter (where s.role = 'target' and s.error_kind is null)::int as "targetOk",
       count(s.id) filter (where s.role = 'target' and s.error_kind is null and s.correct)::int as passes,
       count(s.id) filter (where s.role = 'teacher')::int as "teacherTotal",
       array_agg(s.extracted order by s."index") filter (where s.role = 'teacher' and s.error_kind is null) as "teacherAnswers",
       count(s.id) filter (where s.role = 'judge')::int as "judgeTotal",
       max(s.score) filter (where s.role = 'judge' and s.error_kind is null) as "judgeScore",
       string_agg(distinct s.error_kind, ', ') filter (where s.error_kind is not null) as "errorKinds"
     from unnest($2::int[]) as ids(id)
     left join candidate c on c.id = ids.id
     left join sample s on s.run_id = $1 and s.candidate_id = ids.id
     group by ids.id, c.id`,
    [ctx.run.id, candidateIds],
  );

  const scored: { id: number; passes: number; k: number; rate: number | null; low: number | null; high: number | null; proxy: string | null; agreement: number | null; judge: number | null }[] = [];
  const failed: { id: number; reason: string }[] = [];
  for (const a of rows) {
    if (!a.exists) {
      failed.push({ id: a.id, reason: "candidate was deleted" });
      continue;
    }
    const needsTeacher = !a.hasGold && ctx.teacher !== null && ctx.kind !== "code" && ctx.kind !== "none";
    if (needsTeacher && a.teacherTotal < (ctx.run.teacherK ?? 0)) continue;
    const teacherAnswers = a.teacherAnswers ?? [];
    if (needsTeacher && a.teacherTotal > 0 && teacherAnswers.length === 0) {
      failed.push({ id: a.id, reason: `every teacher sample failed (${a.errorKinds ?? "error"})` });
      continue;
    }
    const proxy = needsTeacher ? proxyFrom(ctx, teacherAnswers) : { answer: null, agreement: null };
    if (!a.hasGold && proxy.answer === null) {
      // No reference and no trusted proxy: unverifiable, and no target sampling was needed.
      scored.push({ id: a.id, passes: 0, k: 0, rate: null, low: null, high: null, proxy: null, agreement: proxy.agreement, judge: null });
      continue;
    }
    if (a.targetTotal < ctx.run.k) continue;
    if (ctx.judge && a.judgeTotal === 0 && a.targetOk > 0) continue;
    if (a.targetOk === 0) {
      failed.push({ id: a.id, reason: `all ${a.targetTotal} samples failed (${a.errorKinds ?? "error"})` });
      continue;
    }
    const ci = wilson(a.passes, a.targetOk);
    scored.push({
      id: a.id, passes: a.passes, k: a.targetOk, rate: passRateOf(a.passes, a.targetOk), low: ci.low, high: ci.high,
      proxy: proxy.answer, agreement: proxy.agreement, judge: a.judgeScore,
    });
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
    await client.query(
      `update candidate set stage = 'triaged' where id = any($1::int[]) and stage in ('imported', 'scored')`,
      [col("id")],
    );
  }
  const { rows: settled } = await client.query<{ done: number; failed: number }>(
    `with finished as (
       update run_item i set status = u.status::"RunItemStatus", error = u.reason, leased_until = null
         from unnest($2::int[], $3::text[], $4::text[]) as u(id, status, reason)
        where i.run_id = $1 and i.candidate_id = u.id and i.status = 'pending'
       returning i.status),
     counted as (
       update scoring_run set completed = completed + (select count(*) from finished) where id = $1)
     select count(*) filter (where status = 'done')::int as done, count(*) filter (where status = 'failed')::int as failed
       from finished`,
    [
      ctx.run.id,
      [...scored.map((s) => s.id), ...failed.map((f) => f.id)],
      [...scored.map(() => "done"), ...failed.map(() => "failed")],
      [...scored.map(() => null), ...failed.map((f) => f.reason)],
    ],
  );
  return settled[0];
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
