import type { PoolClient } from "pg";
import { z } from "zod";
import type { Principal } from "@/lib/auth/principal";
import { atLeast } from "@/lib/auth/roles";
import { LIMITS } from "@/lib/candidates/formats";
import { promptHash } from "@/lib/candidates/normalise";
import { pool } from "@/lib/db/client";
import { dbId } from "@/lib/db/ids";
import { queueCandidateChecks } from "@/lib/dedup";
import { AppError, badRequest, conflict, notFound } from "@/lib/errors";
import { boss } from "@/lib/jobs/boss";
import { enqueue } from "@/lib/jobs/enqueue";
import { createRescoreRun } from "@/lib/scoring/rescore";
import { reviewDomain } from "./access";
import { heldAsGold } from "./gold";
import { noLease } from "./queue";
import { auditIn, inTransaction } from "./tx";

// Edit in place (issue 9; docs/decisions/0017 "Edits and re-scoring"). A reviewer holding the
// item, or a lead, fixes the prompt or the reference answer. One transaction records each
// changed field's before/after in candidate_edit (the first `before` is the imported text, so
// nothing is lost), updates the candidate, creates a one-candidate re-score run with the
// settings of its current score, flags the item re-scoring (no accept until it is over),
// writes the audit row and queues the `review.rescore` job (and, for a new prompt, the
// `dedup.recheck` of its flags) — all or nothing. The worker side
// (driving the run, clearing the flag, the crash sweep) is rescore.ts.

/** Audit action names of edits (the trail's other review actions are "review.<decision>", "review.undo", …). */
export const editAuditActions = { edit: "review.edit" } as const;

const isWellFormed = (s: string) => (s as unknown as { isWellFormed(): boolean }).isWellFormed();
const storableText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(max, `longer than ${max.toLocaleString("en")} characters`)
    .refine((s) => !s.includes("\u0000"), "contains a NUL character (\\u0000), which PostgreSQL cannot store")
    .refine(isWellFormed, "contains a lone surrogate, which is not valid Unicode");

export const editSchema = z
  .object({
    candidateId: dbId,
    prompt: storableText(LIMITS.prompt).optional(),
    answer: storableText(LIMITS.answer).optional(),
    note: storableText(4000).optional(),
  })
  .refine((d) => d.prompt !== undefined || d.answer !== undefined, {
    message: "an edit changes the prompt, the answer or both",
    path: ["prompt"],
  });
export type EditInput = z.input<typeof editSchema>;

export interface EditResult {
  candidateId: number;
  /** False when the candidate was never scored: there is nothing to redo, the edit is only recorded. */
  rescoring: boolean;
  rescoreRunId: number | null;
}

/** The label of a run's re-score job, so the sweep can tell whether one is still alive. */
export const rescoreKey = (runId: number) => `rescore:${runId}`;

type Field = "prompt" | "answer";

export async function editCandidate(principal: Principal, input: EditInput): Promise<EditResult> {
  const data = editSchema.parse(input);
  const { rows: found } = await pool().query<{ slug: string; scored: boolean }>(
    `select d.slug, exists (select 1 from candidate_score s where s.candidate_id = c.id) as scored
       from candidate c join domain d on d.id = c.domain_id where c.id = $1`,
    [data.candidateId],
  );
  if (!found.length) throw notFound("Candidate");
  await reviewDomain(principal, found[0].slug); // a reviewer of another domain: 403
  // A gold item's text is what its known decision was made on: it stays as it is.
  if (!atLeast(principal.role, "lead") && (await heldAsGold(principal.userId, data.candidateId))) {
    throw conflict("This item cannot be edited from the review queue; ask a lead");
  }
  await boss(); // started outside the transaction: inside it, queueing the job is one INSERT

  return inTransaction(async (c) => {
    const candidateId = data.candidateId;
    // Lock order as in a decision (review_item, then candidate), so the two never deadlock; a
    // decision waiting on this item sees the re-scoring flag once we commit.
    if (found[0].scored) {
      await c.query(
        "insert into review_item (candidate_id, domain_id) select id, domain_id from candidate where id = $1 on conflict do nothing",
        [candidateId],
      );
    }
    const { rows: items } = await c.query<{ state: string; rescoring: boolean }>(
      "select state::text as state, rescoring_since is not null as rescoring from review_item where candidate_id = $1 for update",
      [candidateId],
    );
    const { rows: cands } = await c.query<{ domain_id: number; prompt: string; answer: string | null; stage: string }>(
      "select domain_id, prompt, answer, stage::text as stage from candidate where id = $1 for update",
      [candidateId],
    );
    const cand = cands[0];
    if (!cand) throw notFound("Candidate");
    if (items[0]?.state === "final" || cand.stage === "accepted" || cand.stage === "rejected") {
      throw conflict("This item is final: edits to accepted or rejected items belong to snapshot edits");
    }
    if (items[0]?.rescoring) throw conflict("This candidate is being re-scored after an earlier edit: wait for the new score, then edit again");
    if (!atLeast(principal.role, "lead")) await requireLease(c, candidateId, principal.userId);

    const changes: { field: Field; before: string | null; after: string }[] = [];
    if (data.prompt !== undefined && data.prompt !== cand.prompt) changes.push({ field: "prompt", before: cand.prompt, after: data.prompt });
    if (data.answer !== undefined && data.answer !== cand.answer) changes.push({ field: "answer", before: cand.answer, after: data.answer });
    if (!changes.length) throw badRequest("Nothing to change: the prompt and answer are already as given");

    const prompt = data.prompt ?? cand.prompt;
    const hash = promptHash(prompt);
    if (data.prompt !== undefined) await refuseDuplicate(c, cand.domain_id, hash, candidateId);

    const { rows: edits } = await c.query<{ id: string }>(
      `insert into candidate_edit (candidate_id, editor_id, field, before, after, note)
       select $1, $2, u.field, u.before, u.after, $6 from unnest($3::text[], $4::text[], $5::text[]) with ordinality as u(field, before, after, n)
        order by u.n returning id`,
      [candidateId, principal.userId, changes.map((x) => x.field), changes.map((x) => x.before), changes.map((x) => x.after), data.note ?? null],
    );
    const editIds = edits.map((e) => Number(e.id));
    await c
      .query("update candidate set prompt = $2, answer = $3, prompt_hash = $4 where id = $1", [candidateId, prompt, data.answer ?? cand.answer, hash])
      .catch((err: { code?: string }) => {
        // Another edit or import took this prompt between our check and the write (the
        // transaction is aborted now: no query can name the other candidate).
        if (err.code === "23505") throw duplicate(null);
        throw err;
      });

    // New text: its near-duplicate and contamination flags are worked out again (lib/dedup).
    if (changes.some((x) => x.field === "prompt")) await queueCandidateChecks([candidateId], { inTransaction: c });

    const run = await createRescoreRun(c, candidateId, `${principal.email} · re-score after edit #${editIds[0]}`);
    if (run && "refused" in run) throw conflict(run.refused);
    if (run) {
      await c.query("update candidate_edit set rescore_run_id = $2 where id = any($1::bigint[])", [editIds, run.runId]);
      await c.query("update review_item set rescoring_since = now() where candidate_id = $1", [candidateId]);
      await enqueue("review.rescore", { candidateId, runId: run.runId }, { inTransaction: c, key: rescoreKey(run.runId) });
    }
    await auditIn(c, { id: principal.userId, email: principal.email }, editAuditActions.edit, candidateId, {
      fields: changes.map((x) => x.field),
      editIds,
      note: data.note ?? null,
      rescoreRunId: run?.runId ?? null,
    });
    return { candidateId, rescoring: run !== null, rescoreRunId: run?.runId ?? null };
  });
}

/** A reviewer edits only the item they hold: a live lease on an undecided slot, as for a decision. */
async function requireLease(c: PoolClient, candidateId: number, userId: string): Promise<void> {
  const { rowCount } = await c.query(
    "select 1 from review_slot where candidate_id = $1 and holder = $2 and decided_at is null and lease_expires > now()",
    [candidateId, userId],
  );
  if (!rowCount) throw noLease();
}

/** The exact-dup rule of the importer: one prompt (normalised hash) per domain. */
async function refuseDuplicate(c: PoolClient, domainId: number, hash: Buffer, candidateId: number): Promise<void> {
  const { rows } = await c.query<{ id: number }>(
    "select id from candidate where domain_id = $1 and prompt_hash = $2 and id <> $3 limit 1",
    [domainId, hash, candidateId],
  );
  if (rows.length) throw duplicate(rows[0].id);
}

const duplicate = (other: number | null) =>
  new AppError(
    "conflict",
    other ? `Candidate #${other} in this domain already has this prompt` : "Another candidate in this domain already has this prompt",
    { duplicateOf: other },
  );

export interface CandidateEditView {
  id: number;
  at: string;
  /** The editor's email (their id if the account is gone). */
  by: string;
  field: Field;
  before: string | null;
  after: string | null;
  note: string | null;
  rescoreRunId: number | null;
  /** The re-score run's status: queued/running/paused while it goes, then done/failed/cancelled. */
  rescoreStatus: string | null;
}

/** A candidate's edit history, oldest first: the first `before` of each field is the imported original. */
export async function candidateEdits(candidateId: number): Promise<CandidateEditView[]> {
  const { rows } = await pool().query<Omit<CandidateEditView, "at" | "id"> & { id: string; at: Date }>(
    `select e.id, e.created_at as at, coalesce(u.email, e.editor_id) as by, e.field, e.before, e.after, e.note,
            e.rescore_run_id as "rescoreRunId", r.status::text as "rescoreStatus"
       from candidate_edit e
       left join "user" u on u.id = e.editor_id
       left join scoring_run r on r.id = e.rescore_run_id
      where e.candidate_id = $1 order by e.id`,
    [candidateId],
  );
  return rows.map((r) => ({ ...r, id: Number(r.id), at: r.at.toISOString() }));
}
