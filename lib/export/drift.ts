import { z } from "zod";
import type { Actor } from "@/lib/audit";
import { recordAudit } from "@/lib/audit";
import type { Principal } from "@/lib/auth/principal";
import { pool } from "@/lib/db/client";
import { badRequest } from "@/lib/errors";
import { createRun, getRun, type RunView } from "@/lib/scoring/runs";
import { bandSql } from "@/lib/scoring/triage";
import { getSnapshot } from "./snapshots";
import { dbId } from "@/lib/db/ids";

// Drift (docs/decisions/0018): score a snapshot's items with a new target model — an ordinary
// scoring run over exactly those candidates — and see which accepted items the new model now
// finds too easy, too hard, or still teachable under the snapshot's band. The report reads the
// run's own samples, so it does not depend on which run last wrote candidate_score. The run
// scores the candidates' current text (an edit since the freeze is scored as edited).

export const driftSchema = z.object({
  targetEndpointId: dbId,
  k: z.coerce.number().int().min(1).max(128).default(8),
  temperature: z.coerce.number().min(0).max(2).default(1),
  maxTokens: z.coerce.number().int().min(1).max(262_144).default(1024),
});
export type DriftInput = z.input<typeof driftSchema>;

/** Start the drift run of a snapshot; audited as snapshot.drift (which is how its runs are found). */
export async function startDrift(actor: Actor, snapshotId: number, input: DriftInput): Promise<RunView> {
  const data = driftSchema.parse(input);
  const snap = await getSnapshot(null, snapshotId);
  const { rows } = await pool().query<{ id: number }>("select candidate_id as id from snapshot_item where snapshot_id = $1", [snapshotId]);
  const run = await createRun(
    { domain: snap.domain, targetEndpointId: data.targetEndpointId, phase: "scaling", k: data.k, temperature: data.temperature, maxTokens: data.maxTokens },
    actor,
    { candidateIds: rows.map((r) => r.id) },
  );
  await recordAudit({ actor, action: "snapshot.drift", target: { type: "snapshot", id: snapshotId }, details: { runId: run.id, targetEndpointId: data.targetEndpointId } });
  return run;
}

/** The drift runs started from a snapshot, newest first. */
export async function driftRuns(principal: Principal, snapshotId: number): Promise<RunView[]> {
  await getSnapshot(principal, snapshotId);
  const { rows } = await pool().query<{ id: number }>(
    `select distinct (details ->> 'runId')::int as id from audit_event
      where action = 'snapshot.drift' and target_type = 'snapshot' and target_id = $1 order by 1 desc`,
    [String(snapshotId)],
  );
  return Promise.all(rows.map((r) => getRun(r.id)));
}

export type DriftOutcome = "too_easy" | "teachable" | "too_hard" | "unverifiable" | "pending";

export interface DriftReport {
  snapshotId: number;
  run: { id: number; status: string; total: number; completed: number; targetEndpointId: number };
  band: { low: number; high: number };
  counts: Record<DriftOutcome, number>;
  items: { candidateId: number; prompt: string; before: { passRate: number | null; band: string | null }; after: { passes: number; k: number; passRate: number | null }; outcome: DriftOutcome }[];
  nextCursor: number | null;
}

export const driftPageSchema = z.object({
  cursor: z.coerce.number().int().nonnegative().max(2_147_483_647).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  outcome: z.enum(["too_easy", "teachable", "too_hard", "unverifiable", "pending"]).optional(),
});

/** Each snapshot item under the run: pending until the run settles it, else the band of its new pass rate. */
const DRIFT_ROWS = `
  select i.candidate_id, i.prompt, i.pass_rate as before_rate, i.band::text as before_band,
         coalesce(v.passes, 0)::int as passes, coalesce(v.k, 0)::int as k, v.rate,
         case when ri.status is distinct from 'done' and ri.status is distinct from 'failed' then 'pending'
              else (${bandSql("v.rate", "s.band_low", "s.band_high")})::text end as outcome
    from snapshot_item i
    join domain_snapshot s on s.id = i.snapshot_id
    left join run_item ri on ri.run_id = $2 and ri.candidate_id = i.candidate_id
    left join lateral (select count(*) filter (where sa.correct) as passes, count(*) filter (where sa.correct is not null) as k,
                              (count(*) filter (where sa.correct))::float8 / nullif(count(*) filter (where sa.correct is not null), 0) as rate
                         from sample sa where sa.run_id = $2 and sa.candidate_id = i.candidate_id and sa.role = 'target' and sa.error_kind is null) v on true
   where i.snapshot_id = $1`;

export async function driftReport(
  principal: Principal,
  snapshotId: number,
  runId: number,
  input: z.input<typeof driftPageSchema> = {},
): Promise<DriftReport> {
  const snap = await getSnapshot(principal, snapshotId);
  const run = await getRun(runId);
  if (run.domainId !== snap.domainId) throw badRequest(`Run #${runId} scored another domain than snapshot #${snapshotId}`);
  const f = driftPageSchema.parse(input);
  const counts = await pool().query<{ outcome: DriftOutcome; n: number }>(
    `select outcome, count(*)::int as n from (${DRIFT_ROWS}) x group by outcome`,
    [snapshotId, runId],
  );
  const params: unknown[] = [snapshotId, runId, f.cursor ?? 0, f.limit + 1];
  const outcomeCond = f.outcome ? `and x.outcome = $${params.push(f.outcome)}` : "";
  const { rows } = await pool().query<{ candidate_id: number; prompt: string; before_rate: number | null; before_band: string | null; passes: number; k: number; rate: number | null; outcome: DriftOutcome }>(
    `select * from (${DRIFT_ROWS} and i.candidate_id > $3) x where true ${outcomeCond} order by x.candidate_id limit $4`,
    params,
  );
  const more = rows.length > f.limit;
  const page = more ? rows.slice(0, f.limit) : rows;
  const all: Record<DriftOutcome, number> = { too_easy: 0, teachable: 0, too_hard: 0, unverifiable: 0, pending: 0 };
  for (const c of counts.rows) all[c.outcome] = c.n;
  return {
    snapshotId,
    run: { id: run.id, status: run.status, total: run.total, completed: run.completed, targetEndpointId: run.targetEndpointId },
    band: { low: snap.bandLow, high: snap.bandHigh },
    counts: all,
    items: page.map((r) => ({
      candidateId: r.candidate_id,
      prompt: r.prompt.slice(0, 300),
      before: { passRate: r.before_rate, band: r.before_band },
      after: { passes: r.passes, k: r.k, passRate: r.rate },
      outcome: r.outcome,
    })),
    nextCursor: more ? page[page.length - 1].candidate_id : null,
  };
}
