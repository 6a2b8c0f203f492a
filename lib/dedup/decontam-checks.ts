import { z } from "zod";
import { recordAudit, type Actor } from "@/lib/audit";
import { pool } from "@/lib/db/client";
import { getDomainBySlug } from "@/lib/domains";
import { notFound } from "@/lib/errors";
import { enqueue, jobAlive } from "@/lib/jobs/enqueue";
import { log } from "@/lib/log";
import { resolveBenchmarks } from "./benchmarks";
import { benchmarkRecord, decontaminate, type DecontamSummary } from "./decontam";
import { setDecontamStatus, type DecontamStatus } from "./decontam-lifecycle";
import { DEFAULT_RULE, ruleSchema } from "./ngrams";
import { domainBenchmarks, type DomainBenchmark } from "./overrides";

// Decontamination checks: a lead asks for one on a domain (domain page, API, CLI), or one is
// queued per domain after an import (that import's candidates only; after-import.ts). The
// worker runs it as the `decontam.run` job with progress; the CLI runs the same function
// in-process. A check recorded without its job (a CLI import: no job queue in that process)
// gets one from the worker's sweep.

export const decontamRequestSchema = z.object({
  benchmarks: z.array(z.string().trim().min(1).max(100)).max(100).optional(),
  rule: ruleSchema.partial().optional(),
});
export type DecontamRequest = z.infer<typeof decontamRequestSchema>;

export interface DecontamCheckView {
  id: number;
  domainId: number;
  batchId: number | null;
  status: DecontamStatus;
  benchmarks: { id: number; name: string; releaseDate: string | null; items: number; contentHash: string; hits?: number }[];
  rule: z.infer<typeof ruleSchema>;
  candidates: number;
  total: number;
  hits: number;
  contaminated: number;
  errorMessage: string | null;
  createdBy: string;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

const COLUMNS = `id, domain_id as "domainId", batch_id as "batchId", status::text as status, benchmarks, rule, candidates, total, hits,
  contaminated, error_message as "errorMessage", created_by as "createdBy", created_at as "createdAt", started_at as "startedAt",
  finished_at as "finishedAt"`;

async function insertCheck(domainId: number, batchId: number | null, req: DecontamRequest, createdBy: string): Promise<number> {
  const r = decontamRequestSchema.parse(req);
  const benchmarks = await resolveBenchmarks(r.benchmarks ?? []);
  const rule = ruleSchema.parse({ ...DEFAULT_RULE, ...r.rule });
  const { rows } = await pool().query<{ id: number }>(
    `insert into decontam_check (domain_id, batch_id, benchmarks, rule, total, created_by)
     values ($1, $2, $3, $4, (select count(*) from candidate where domain_id = $1 and ($2::int is null or batch_id = $2)), $5) returning id`,
    [domainId, batchId, JSON.stringify(benchmarks.map(benchmarkRecord)), JSON.stringify(rule), createdBy],
  );
  return rows[0].id;
}

async function auditedCheck(actor: Actor, slug: string, req: DecontamRequest): Promise<number> {
  const domain = await getDomainBySlug(slug);
  const id = await insertCheck(domain.id, null, req, actor.email ?? actor.id ?? "unknown");
  await recordAudit({ actor, action: "decontam.run", target: { type: "domain", id: domain.id }, details: { checkId: id, domain: slug, ...req } });
  return id;
}

/** A lead's check of a whole domain, run by the worker. */
export async function startDecontamCheck(actor: Actor, slug: string, req: DecontamRequest = {}): Promise<DecontamCheckView> {
  const id = await auditedCheck(actor, slug, req);
  await enqueueCheck(id);
  return getDecontamCheck(id);
}

/** The CLI: the same check, run in this process; returns the pass's summary. */
export async function runDecontamNow(actor: Actor, slug: string, req: DecontamRequest = {}): Promise<DecontamSummary> {
  const id = await auditedCheck(actor, slug, req);
  return runDecontamCheck(id);
}

const jobKey = (checkId: number) => `decontam:${checkId}`;
const enqueueCheck = (checkId: number) => enqueue("decontam.run", { checkId }, { key: jobKey(checkId) });

/**
 * After an import: one check per domain the batch wrote to, of that batch's candidates.
 * `enqueue: false` only records them (a CLI import): the worker's sweep queues their jobs.
 */
export async function queueDecontamAfterImport(batchId: number, opts: { enqueue?: boolean } = {}): Promise<number[]> {
  const { rows } = await pool().query<{ domain_id: number }>("select distinct domain_id from candidate where batch_id = $1", [batchId]);
  const ids: number[] = [];
  for (const r of rows) {
    const id = await insertCheck(r.domain_id, batchId, {}, `import #${batchId}`);
    if (opts.enqueue !== false) await enqueueCheck(id);
    ids.push(id);
  }
  return ids;
}

/** The worker's sweep: a queued check without a live job (recorded by a CLI import, or its job was lost) gets one. */
export async function sweepDecontamChecks(): Promise<number[]> {
  const { rows } = await pool().query<{ id: number }>("select id from decontam_check where status = 'queued' order by id limit 100");
  const queued: number[] = [];
  for (const { id } of rows) {
    if (await jobAlive("decontam.run", jobKey(id))) continue;
    await enqueueCheck(id);
    queued.push(id);
  }
  return queued;
}

/** The job: run a check (again, after a failure or a dead worker), recording progress and outcome. */
export async function runDecontamCheck(id: number): Promise<DecontamSummary> {
  const check = await getDecontamCheck(id);
  if (!(await setDecontamStatus(pool(), id, ["queued", "failed", "running"], "running", { candidates: 0 }))) {
    throw new Error(`Decontamination check #${id} is ${check.status}`);
  }
  try {
    const summary = await decontaminate(
      { domainId: check.domainId, batchId: check.batchId },
      {
        benchmarks: check.benchmarks.map((b) => b.name),
        rule: check.rule,
        onProgress: async (scanned) => {
          await pool().query("update decontam_check set candidates = $2 where id = $1", [id, scanned]);
        },
      },
    );
    await setDecontamStatus(pool(), id, ["running"], "done", {
      candidates: summary.candidates,
      total: Math.max(summary.candidates, check.total),
      hits: summary.hits,
      contaminated: summary.contaminated,
      benchmarks: summary.benchmarks,
    });
    return summary;
  } catch (err) {
    log.error({ err, checkId: id }, "decontamination check failed");
    await setDecontamStatus(pool(), id, ["running"], "failed", { errorMessage: (err as Error).message.slice(0, 500) }).catch(() => {});
    throw err;
  }
}

export async function getDecontamCheck(id: number): Promise<DecontamCheckView> {
  const { rows } = await pool().query<DecontamCheckView>(`select ${COLUMNS} from decontam_check where id = $1`, [id]);
  if (!rows[0]) throw notFound(`Decontamination check #${id}`);
  return rows[0];
}

/** A domain's latest checks, newest first. */
export async function listDecontamChecks(domainId: number, limit = 10): Promise<DecontamCheckView[]> {
  const { rows } = await pool().query<DecontamCheckView>(
    `select ${COLUMNS} from decontam_check where domain_id = $1 order by id desc limit $2`,
    [domainId, limit],
  );
  return rows;
}

export interface DomainDecontamState {
  checks: DecontamCheckView[];
  benchmarks: DomainBenchmark[];
  /** Candidates of the domain flagged contaminated now. */
  contaminated: number;
}

/** What the domain page's decontamination card shows. */
export async function domainDecontamState(slug: string): Promise<DomainDecontamState> {
  const domain = await getDomainBySlug(slug);
  const [checks, benchmarks, flagged] = await Promise.all([
    listDecontamChecks(domain.id, 5),
    domainBenchmarks(domain.id),
    // Flagged candidates all have hits: counted from the (small) hit table, not the pool.
    pool().query<{ n: number }>(
      "select count(distinct c.id)::int as n from contamination_hit h join candidate c on c.id = h.candidate_id where c.domain_id = $1 and c.contaminated",
      [domain.id],
    ),
  ]);
  return { checks, benchmarks, contaminated: flagged.rows[0].n };
}
