import { setMaxListeners } from "node:events";
import { pool } from "@/lib/db/client";
import { isConnectionError, retryOnConnectionError } from "@/lib/db/outage";
import { scoringLeaseSeconds } from "@/lib/env";
import { enqueue } from "@/lib/jobs/enqueue";
import { log } from "@/lib/log";
import { chat } from "@/lib/models/gateway";
import { ModelCallError } from "@/lib/models/errors";
import { loadRunContext, type RunContext } from "./context";
import { finishIfComplete, recordAndSettle, type SampleRow } from "./record";
import { setRunStatus } from "./run-lifecycle";
import { planCandidate, planSettingsOf } from "./plan";
import {
  absorb, answerMessages, errorRows, NO_REFERENCE, judgeRequestFor, judgeRowFrom, loadWorkItems, referenceFor, rowsFromChoices,
  type Reference, type WorkItem,
} from "./work";

// The `scoring.drive` job. It keeps as many candidates in flight as the target endpoint has
// concurrency slots (plus headroom, so a slot freed is taken at once), claims candidates in
// chunks under a lease, and writes what comes back in batched transactions: one statement
// per batch for samples, one for scores, one for items — never one per sample.
//
// Crash safety: items are leased (a killed driver's items come back when the lease runs
// out), samples are unique per (run, candidate, role, index) and written ON CONFLICT DO
// NOTHING, and a claimed candidate only asks for the indices not yet stored. So however
// often a run is interrupted, each candidate ends with exactly k samples.
//
// Stops stop (issue 10): a pause or cancel is written by the web (runs.ts, through the run
// lifecycle, which also clears the items' leases). The driver polls the run's status every
// STATUS_POLL_MS (a primary-key read) and on a stop aborts every request it has in flight —
// the abort reaches the socket, so the endpoint stops billing what it had not answered — and
// records nothing of them: an aborted request is neither retried nor an error sample. Each
// write is also guarded by the run's status under its row lock (record.ts), so nothing
// answered after the stop committed is stored, even within the poll interval. Why a poll and
// not LISTEN/NOTIFY: a notification needs a dedicated connection per worker that must be
// re-established after every database outage (which this driver rides out), and anything
// notified while it was down is lost, so a poll would be needed as the fallback anyway;
// one indexed read a few times a second per running run costs nothing next to the writes.
//
// Database outages (a restart, a failover): every statement the driver runs is safe to repeat
// (guarded setters, ON CONFLICT DO NOTHING), so it waits the outage out with backoff and
// carries on in the same job instead of failing it — pg-boss could not even record the
// failure while the database is away. Items whose lease ran out meanwhile may be taken by
// another driver; the unique samples keep that harmless.

export interface DriveOptions {
  /** Stop claiming after this long and queue a successor job (default 10 min). */
  sliceMs?: number;
  /** Override EDGEWISE_SCORING_LEASE_SECONDS. */
  leaseSeconds?: number;
  /** Queue a successor when the slice ends (default true; tests drive inline). */
  continueAsJob?: boolean;
}

export interface DriveResult {
  runId: number;
  /** done: nothing left; stopped: paused/cancelled/shutdown; sliced: successor queued; waiting: others hold leases. */
  outcome: "done" | "stopped" | "sliced" | "idle";
  candidates: number;
  samples: number;
}

const DEFAULT_SLICE_MS = 10 * 60_000;
const FLUSH_ROWS = 2000;
const FLUSH_MS = 250;
/** A candidate claimed this often without finishing is given up on (a poison item). */
const MAX_ATTEMPTS = 8;
/** How often a driver looks for a pause or cancel while requests are in flight. */
const STATUS_POLL_MS = 250;

/** Thrown out of a candidate's model calls once the run was stopped: nothing of it is recorded. */
class Stopped extends Error {}

// Drivers in this process stop claiming when the worker shuts down (SIGTERM): what is in
// flight finishes and is written, claimed-but-unstarted items are released at once.
let shuttingDown = false;
export function stopDrivers(): void {
  shuttingDown = true;
}

/** The job handler: drive, and fail the run with the reason if something unexpected breaks. */
export async function driveJob(runId: number): Promise<DriveResult> {
  try {
    return await driveRun(runId);
  } catch (err) {
    log.error({ err, runId }, "scoring driver failed");
    throw err; // pg-boss retries; leases and unique samples make a retry safe
  }
}

/** Run a database step of run `runId`, waiting out a database outage (see the header). */
function untilDatabaseBack<T>(runId: number, what: string, fn: () => Promise<T>): Promise<T> {
  return retryOnConnectionError(fn, { what: `scoring run ${runId}: ${what}`, stop: () => shuttingDown });
}

export async function driveRun(runId: number, opts: DriveOptions = {}): Promise<DriveResult> {
  const ctx = await untilDatabaseBack(runId, "load", () => loadRunContext(runId));
  const result: DriveResult = { runId, outcome: "stopped", candidates: 0, samples: 0 };
  const started = await untilDatabaseBack(runId, "start", () =>
    setRunStatus(pool(), runId, { from: ["queued", "running"], to: "running" }),
  );
  if (!started) return result;
  const lease = opts.leaseSeconds ?? scoringLeaseSeconds();
  const deadline = Date.now() + (opts.sliceMs ?? DEFAULT_SLICE_MS);
  const d = new Driver(ctx, lease, deadline);
  try {
    await d.run();
  } finally {
    await d.close();
  }
  result.candidates = d.settled;
  result.samples = d.inserted;
  if (await untilDatabaseBack(runId, "finish", () => finishIfComplete(runId))) result.outcome = "done";
  else if (d.stopReason === "slice") {
    result.outcome = "sliced";
    if (opts.continueAsJob !== false) await untilDatabaseBack(runId, "queue successor", () => enqueue("scoring.drive", { runId }));
  } else if (d.stopReason === "idle") result.outcome = "idle";
  return result;
}

class Driver {
  settled = 0;
  inserted = 0;
  stopReason: "status" | "slice" | "idle" | "shutdown" | null = null;
  private readonly queue: WorkItem[] = [];
  /** Claimed and not yet written: their leases are renewed. */
  private readonly held = new Set<number>();
  private claiming: Promise<void> | null = null;
  private exhausted = false;
  private rows: SampleRow[] = [];
  private finished: number[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private flushTimer: NodeJS.Timeout | null = null;
  private renewTimer: NodeJS.Timeout | null = null;
  private statusTimer: NodeJS.Timeout | null = null;
  private polling = false;
  /** Aborted on a pause or cancel: every model request of this driver carries its signal. */
  private readonly abort = new AbortController();
  private failure: unknown = null;
  private readonly lanes: number;
  private readonly chunk: number;

  constructor(
    private readonly ctx: RunContext,
    private readonly leaseSeconds: number,
    private readonly deadline: number,
  ) {
    // More candidates in flight than slots: the gateway queues the extra ones, so a slot that
    // frees up is used at once while this side verifies and writes.
    this.lanes = Math.ceil(ctx.target.maxConcurrent * 1.25) + 2;
    this.chunk = Math.max(16, this.lanes * 2);
    setMaxListeners(0, this.abort.signal); // one listener per request in flight, by design
  }

  private db<T>(what: string, fn: () => Promise<T>): Promise<T> {
    return untilDatabaseBack(this.ctx.run.id, what, fn);
  }

  async run(): Promise<void> {
    this.renewTimer = setInterval(() => void this.renewLeases(), (this.leaseSeconds * 1000) / 3);
    this.statusTimer = setInterval(() => void this.pollStatus(), STATUS_POLL_MS);
    for (;;) {
      this.exhausted = false;
      await Promise.all(Array.from({ length: this.lanes }, () => this.lane()));
      await this.flush();
      if (this.failure) throw this.failure;
      if (this.stopReason) return;
      // Nothing claimable: either all done, or another driver (maybe a dead one) holds the
      // rest. Wait for the earliest lease to run out, then try again.
      const { rows } = await this.db("pending", () =>
        pool().query<{ pending: number; wait: number | null }>(
          `select count(*)::int as pending,
                  extract(epoch from min(leased_until) - now())::float8 as wait
             from run_item where run_id = $1 and status = 'pending'`,
          [this.ctx.run.id],
        ),
      );
      if (rows[0].pending === 0) return;
      if (Date.now() > this.deadline) {
        this.stopReason = "slice";
        return;
      }
      if (!(await this.stillRunning())) return;
      const waitMs = Math.min(this.leaseSeconds * 1000, Math.max(200, (rows[0].wait ?? 0) * 1000 + 50));
      await new Promise<void>((r) => {
        const t = setTimeout(r, waitMs);
        this.abort.signal.addEventListener("abort", () => (clearTimeout(t), r()), { once: true }); // a stop ends the wait
      });
      if (this.stopReason) return;
    }
  }

  private async lane(): Promise<void> {
    for (;;) {
      if (this.failure) return;
      const item = await this.next();
      if (!item) return;
      try {
        // A database outage mid-candidate (endpoint settings, slot leases): do it again once
        // the database is back; nothing of it was stored yet.
        const rows = await this.db(`candidate ${item.candidateId}`, () => processCandidate(this.ctx, item, this.abort.signal));
        this.rows.push(...rows);
        this.finished.push(item.candidateId);
        if (this.rows.length >= FLUSH_ROWS) void this.flush();
        else this.flushTimer ??= setTimeout(() => void this.flush(), FLUSH_MS);
      } catch (err) {
        if (err instanceof Stopped || this.abort.signal.aborted) return; // the item stays held: close() releases it
        this.failure ??= err;
        return;
      }
    }
  }

  private async next(): Promise<WorkItem | null> {
    for (;;) {
      // Refill before running dry, so lanes never wait on a claim round trip.
      if (this.queue.length <= this.lanes && !this.exhausted && !this.stopReason) {
        this.claiming ??= this.claim().finally(() => (this.claiming = null));
        if (this.queue.length === 0) await this.claiming;
      }
      if (this.stopReason || this.failure) return null;
      const item = this.queue.shift();
      if (item) return item;
      if (this.exhausted) return null;
    }
  }

  private async stillRunning(): Promise<boolean> {
    if (shuttingDown) {
      this.stopReason = "shutdown";
      return false;
    }
    const { rows } = await this.db("status", () =>
      pool().query<{ status: string }>("select status::text from scoring_run where id = $1", [this.ctx.run.id]),
    );
    if (rows[0]?.status !== "running") {
      this.halt();
      return false;
    }
    return true;
  }

  /** The run was paused or cancelled: abort what is in flight, give unstarted items back. */
  private halt(): void {
    this.stopReason ??= "status";
    if (this.abort.signal.aborted) return;
    this.abort.abort();
    void this.release().catch(() => {});
  }

  /** The stop watch (see the header). A failed read is skipped: the next one comes soon. */
  private async pollStatus(): Promise<void> {
    if (this.polling || this.abort.signal.aborted) return;
    this.polling = true;
    try {
      const { rows } = await pool().query<{ status: string }>("select status::text from scoring_run where id = $1", [this.ctx.run.id]);
      if (rows[0]?.status !== "running") this.halt();
    } catch {
      // a database outage: the driver's own statements wait it out
    } finally {
      this.polling = false;
    }
  }

  /** One chunk: status check, then lease the next pending items in claim order. */
  private async claim(): Promise<void> {
    try {
      await this.db("claim", () => this.claimChunk());
    } catch (err) {
      this.failure ??= err;
    }
  }

  private async claimChunk(): Promise<void> {
    if (!(await this.stillRunning())) return void (await this.release());
    if (Date.now() > this.deadline) {
      this.stopReason = "slice";
      return void (await this.release());
    }
    const { rows } = await pool().query<{ candidate_id: number; attempts: number }>(
      `update run_item i set leased_until = now() + make_interval(secs => $3), attempts = i.attempts + 1
         from (select candidate_id from run_item
                where run_id = $1 and status = 'pending' and (leased_until is null or leased_until < now())
                order by seq limit $2 for update skip locked) c
        where i.run_id = $1 and i.candidate_id = c.candidate_id
        returning i.candidate_id, i.attempts`,
      [this.ctx.run.id, this.chunk, this.leaseSeconds],
    );
    if (rows.length === 0) {
      this.exhausted = true;
      return;
    }
    const poison = rows.filter((r) => r.attempts > MAX_ATTEMPTS).map((r) => r.candidate_id);
    if (poison.length) await this.giveUp(poison);
    const ids = rows.filter((r) => r.attempts <= MAX_ATTEMPTS).map((r) => r.candidate_id);
    const items = await loadWorkItems(this.ctx, pool(), ids);
    const missing = ids.filter((id) => !items.some((i) => i.candidateId === id));
    if (missing.length) this.finished.push(...missing); // deleted candidates: settle marks them failed
    for (const item of items) {
      this.held.add(item.candidateId);
      this.queue.push(item);
    }
  }

  private async giveUp(ids: number[]): Promise<void> {
    await pool().query(
      `with f as (update run_item set status = 'failed', leased_until = null,
                    error = 'gave up after ${MAX_ATTEMPTS} attempts (the worker kept stopping on it)'
                   where run_id = $1 and candidate_id = any($2::int[]) and status = 'pending' returning 1)
       update scoring_run set completed = completed + (select count(*) from f) where id = $1`,
      [this.ctx.run.id, ids],
    );
  }

  private async renewLeases(): Promise<void> {
    if (this.held.size === 0) return;
    await pool()
      .query(
        `update run_item set leased_until = now() + make_interval(secs => $3)
          where run_id = $1 and candidate_id = any($2::int[]) and status = 'pending'`,
        [this.ctx.run.id, [...this.held], this.leaseSeconds],
      )
      .catch((err) => log.warn({ err, runId: this.ctx.run.id }, "lease renewal failed"));
  }

  /**
   * Give claimed items back now rather than when their lease runs out: the unstarted ones,
   * and with `all` (at close, when no lane runs any more) the aborted or unwritten ones too.
   */
  private async release(all = false): Promise<void> {
    const ids = this.queue.splice(0).map((i) => i.candidateId);
    if (all) ids.push(...this.held);
    for (const id of ids) this.held.delete(id);
    if (ids.length === 0) return;
    await pool().query(
      `update run_item set leased_until = null where run_id = $1 and candidate_id = any($2::int[]) and status = 'pending'`,
      [this.ctx.run.id, ids],
    );
  }

  /** Write what has come back; flushes run one at a time, in order. */
  private flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const rows = this.rows.splice(0);
    const ids = this.finished.splice(0);
    this.flushing = this.flushing.then(async () => {
      if (ids.length === 0 && rows.length === 0) return;
      try {
        const r = await this.db("write samples", () => recordAndSettle(this.ctx, rows, ids, { onlyWhileRunning: true }));
        if (r.stopped) return this.halt(); // stopped before this write: its items stay held, close() releases them
        this.inserted += r.inserted.size;
        this.settled += r.done + r.failed;
        for (const id of ids) this.held.delete(id);
      } catch (err) {
        this.failure ??= err;
      }
    });
    return this.flushing;
  }

  async close(): Promise<void> {
    if (this.renewTimer) clearInterval(this.renewTimer);
    if (this.statusTimer) clearInterval(this.statusTimer);
    await this.flush();
    await this.release(true).catch(() => {});
  }
}

/**
 * Everything one candidate still needs, in the plan's order (plan.ts): teacher answers, then
 * target samples against the own or proxy reference, then the judge. Each step stores a row
 * for every index it was asked (an error row when the endpoint failed), so the plan moves on.
 */
export async function processCandidate(ctx: RunContext, item: WorkItem, signal?: AbortSignal): Promise<SampleRow[]> {
  const rows: SampleRow[] = [];
  const settings = planSettingsOf(ctx);
  const done = new Set<string>();
  for (;;) {
    const plan = planCandidate(item.state, settings);
    // Each step at most once per claim: a step that stored nothing (which should not happen)
    // leaves the item to its next claim rather than looping here.
    if (plan.next === "settle" || done.has(plan.next)) return rows;
    done.add(plan.next);
    let got: SampleRow[] = [];
    if (plan.next === "teacher") got = await sampleIndices(ctx, ctx.teacher!.id, "teacher", item, plan.indices, NO_REFERENCE, signal);
    else if (plan.next === "target") got = await sampleIndices(ctx, ctx.target.id, "target", item, plan.indices, referenceFor(ctx, item, plan.reference), signal);
    else if (item.judgeResponse) got = [await judgeCandidate(ctx, item, referenceFor(ctx, item, plan.reference), item.judgeResponse.text, signal)];
    for (const r of got) absorb(item, r);
    rows.push(...got);
  }
}

/** One request with n = missing count; if fewer choices come back, ask again for the rest. */
async function sampleIndices(
  ctx: RunContext,
  endpointId: number,
  role: "target" | "teacher",
  item: WorkItem,
  indices: number[],
  ref: Reference,
  signal?: AbortSignal,
): Promise<SampleRow[]> {
  const rows: SampleRow[] = [];
  let pending = indices;
  for (let attempt = 0; pending.length > 0 && attempt < 3; attempt++) {
    try {
      const r = await chat(endpointId, {
        messages: answerMessages(item.prompt),
        n: pending.length,
        temperature: ctx.run.temperature,
        maxTokens: ctx.run.maxTokens,
      }, { signal });
      const got = await rowsFromChoices(ctx, item, role, pending, r.choices, r, ref);
      rows.push(...got);
      pending = pending.slice(got.filter((row) => row.role === role).length); // kind none adds the judge's grading rows
    } catch (err) {
      if (signal?.aborted) throw new Stopped("run stopped"); // not the endpoint's failure: nothing to record
      // After the gateway's own retries: record the failure on each index (excluded from k).
      if (!(err instanceof ModelCallError) && isConnectionError(err)) throw err; // our database, not the endpoint
      const kind = err instanceof ModelCallError ? err.kind : "connection";
      rows.push(...errorRows(item, role, pending, kind, (err as Error).message));
      return rows;
    }
  }
  if (pending.length) rows.push(...errorRows(item, role, pending, "malformed", "the endpoint returned fewer answers than asked"));
  return rows;
}

async function judgeCandidate(ctx: RunContext, item: WorkItem, ref: Reference, response: string, signal?: AbortSignal): Promise<SampleRow> {
  const req = judgeRequestFor(ctx, item, ref, response);
  try {
    const r = await chat(ctx.judge!.id, { messages: req.messages, n: 1, temperature: req.temperature, maxTokens: req.maxTokens }, { signal });
    return judgeRowFrom(item, r.choices[0], r);
  } catch (err) {
    if (signal?.aborted) throw new Stopped("run stopped");
    if (!(err instanceof ModelCallError) && isConnectionError(err)) throw err;
    const kind = err instanceof ModelCallError ? err.kind : "connection";
    return errorRows(item, "judge", [0], kind, (err as Error).message)[0];
  }
}
