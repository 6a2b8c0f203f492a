import type { PoolClient } from "pg";
import { recordAuditIn, type Actor } from "@/lib/audit";
import { inTransaction } from "@/lib/db/transaction";
import { forgetCandidates, nearCopiesOf } from "@/lib/dedup";
import { AppError, conflict, notFound } from "@/lib/errors";
import { setImportStatus, type ImportStatus } from "./import-lifecycle";

// Discard an import (docs/decisions/0033): the undo for a pool imported into the wrong domain,
// with the wrong mapping or format, or simply the wrong file. Its candidates are deleted; the
// batch stays on record (status discarded, how many, by whom), so the history and the audit
// trail still say what happened. Only candidates nobody has worked on yet can go: a candidate
// that was scored, queued for review, decided, edited, frozen, transformed, or that another
// import's candidate is flagged as a near-copy of, carries work or other data's meaning — then
// the whole discard is refused with what holds it, and nothing is deleted.

/**
 * What holds an import's candidates; a count per reason, in the words the refusal uses. These
 * tables point at candidate without foreign keys (ADR 0007), so this is the check a key would make.
 */
const BLOCKERS: { sql: string; reason: (n: number) => string }[] = [
  { sql: "select count(distinct candidate_id) from run_item where candidate_id = any($1)", reason: (n) => `${n} are in scoring runs` },
  { sql: "select count(*) from candidate_score where candidate_id = any($1)", reason: (n) => `${n} have a score` },
  {
    sql: `select count(*) from unnest($1::int[]) as x(id) where exists (select 1 from review_slot s where s.candidate_id = x.id)
            or exists (select 1 from review_item i where i.candidate_id = x.id) or exists (select 1 from review_gold g where g.candidate_id = x.id)
            or exists (select 1 from review_served v where v.candidate_id = x.id)`,
    reason: (n) => `${n} are in review`,
  },
  { sql: "select count(distinct candidate_id) from candidate_edit where candidate_id = any($1)", reason: (n) => `${n} were edited` },
  { sql: "select count(distinct candidate_id) from snapshot_item where candidate_id = any($1)", reason: (n) => `${n} are in frozen snapshots` },
  {
    sql: "select count(*) from unnest($1::int[]) as x(id) where exists (select 1 from candidate_lineage l where l.parent_id = x.id or l.child_id = x.id)",
    reason: (n) => `${n} are transform parents or variants`,
  },
];

/**
 * A near-duplicate pass or decontamination check that may be reading these candidates now: the
 * batch's own, or one over a domain they are in (a file whose lines name their domains spans several).
 */
async function checksRunning(c: PoolClient, batchId: number): Promise<string | null> {
  const { rows } = await c.query<{ neardup: string | null; decontam: string | null }>(
    `with domains as (select distinct domain_id from candidate where batch_id = $1)
     select (select max(status::text) from neardup_pass where status in ('queued', 'running') and (batch_id = $1 or domain_id in (select domain_id from domains))) as neardup,
            (select max(status::text) from decontam_check where status in ('queued', 'running') and (batch_id = $1 or domain_id in (select domain_id from domains))) as decontam`,
    [batchId],
  );
  // max() of the two words is 'running' when one runs; a queued check waits for a worker
  // (npm start, or npm run worker), which a CLI-only setup may not have started yet.
  const state = (s: string) => (s === "running" ? "is still running" : "is queued for the worker");
  if (rows[0].neardup) return `a near-duplicate check of its domain ${state(rows[0].neardup)}`;
  if (rows[0].decontam) return `a benchmark check of its domain ${state(rows[0].decontam)}`;
  return null;
}

export interface DiscardResult {
  batchId: number;
  /** Candidates deleted. */
  discarded: number;
}

export async function discardImport(batchId: number, actor: Actor): Promise<DiscardResult> {
  return inTransaction(async (c) => {
    // The batch row first: a second discard, a retry or a cancel of the same batch waits here.
    const { rows } = await c.query<{ status: ImportStatus }>(
      "select status from import_batch where id = $1 for update",
      [batchId],
    );
    const batch = rows[0];
    if (!batch) throw notFound(`Import #${batchId}`);
    if (batch.status === "discarded") throw conflict(`Import #${batchId} was already discarded`);
    if (batch.status === "queued" || batch.status === "running") {
      throw conflict(`Import #${batchId} is ${batch.status}: cancel it first, then discard what it imported`);
    }
    const running = await checksRunning(c, batchId);
    if (running) throw conflict(`Import #${batchId} cannot be discarded while ${running}; try again when it is done`);
    // Locked: a score's foreign key (settlement) or a lineage row waits for this transaction,
    // and then finds the candidate gone (settlement reports "candidate was deleted").
    const { rows: locked } = await c.query<{ id: number }>("select id from candidate where batch_id = $1 for update", [batchId]);
    const ids = locked.map((r) => r.id);
    const held: string[] = [];
    for (const b of BLOCKERS) {
      const { rows: n } = await c.query<{ count: string }>(b.sql, [ids]);
      if (Number(n[0].count) > 0) held.push(b.reason(Number(n[0].count)));
    }
    const copies = await nearCopiesOf(c, ids);
    if (copies > 0) held.push(`${copies} candidates of other imports are flagged as near-copies of its prompts`);
    if (held.length) {
      throw new AppError(
        "conflict",
        `Import #${batchId} cannot be discarded: of its ${ids.length.toLocaleString("en")} candidates, ${held.join("; ")}. Work done on them is kept.`,
        { held },
      );
    }
    await forgetCandidates(c, ids); // what the checks derived from these prompts goes with them
    const { rowCount } = await c.query("delete from candidate where batch_id = $1", [batchId]);
    const discarded = rowCount ?? 0;
    if (!(await setImportStatus(c, batchId, { from: [batch.status], to: "discarded" }))) throw conflict(`Import #${batchId} changed meanwhile; reload the page`);
    await c.query("update import_batch set discarded_count = $2, discarded_by = $3, discarded_at = now() where id = $1", [
      batchId, discarded, actor.email ?? "system",
    ]);
    await recordAuditIn(c, { actor, action: "import.discard", target: { type: "import_batch", id: batchId }, details: { from: batch.status, discarded } });
    return { batchId, discarded };
  });
}
