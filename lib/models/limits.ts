import crypto from "node:crypto";
import os from "node:os";
import type pg from "pg";
import { pool as defaultPool } from "@/lib/db/client";
import { backoff, isConnectionError } from "@/lib/db/outage";
import { log } from "@/lib/log";
import { ModelCallError } from "./errors";

// Concurrency limits that hold across worker processes. Each endpoint has max_concurrent rows
// in endpoint_slot; a process may only have a request in flight while it holds a slot lease.
// Leases are taken in bulk, kept while requests are queued here and renewed in the
// background, and given back once idle, so the database sees one round trip per lease change,
// never one per request: a fast endpoint at thousands of requests per second costs nothing.
// A process that dies keeps its slots only until the lease runs out. A process that gets
// fewer slots than it asked for says so (endpoint_slot_demand, refreshed while it waits); a
// busy process hands an eighth of its slots back every rotateMs while its queue is non-empty
// and another process waits, so that one gets a share instead of starving. A lone busy
// process keeps every slot: handing some back for nobody left them idle for a few polls
// every rotateMs (bench:scoring showed the dip).

export interface SlotLimiterOptions {
  /** Each "process" its own pool in tests; the app's pool by default. */
  pool?: pg.Pool;
  /** Identifies this process in endpoint_slot.holder. */
  holder?: string;
  /** How long a lease lasts without renewal. */
  leaseMs?: number;
  /** How long a slot may sit unused before it is given back. */
  idleMs?: number;
  /** How long to wait before asking again when every slot is taken. */
  pollMs?: number;
  /**
   * While requests queue here, hand a few slots back this often, so other processes that
   * wait for slots get a share instead of starving behind a busy one.
   */
  rotateMs?: number;
}

class EndpointGoneError extends Error {
  constructor(id: number) {
    super(`Model endpoint ${id} no longer exists`);
  }
}

type Waiter = { resolve: (slot: number) => void; reject: (err: Error) => void };

class EndpointSlots {
  private readonly held = new Set<number>();
  /** Held and not in use, with when each became free. */
  private readonly free = new Map<number, number>();
  private readonly waiters: Waiter[] = [];
  private leasing = false;
  private ensured = -1;
  private pollTimer: NodeJS.Timeout | null = null;
  private lastRenewal = Date.now();
  private lastRotation = Date.now();
  /** Slots to hand back (not to a local waiter) as their requests finish: rotation. */
  private toReturn = 0;
  private returning: number[] = [];
  /** After a rotation, let other processes lease first. */
  private holdOffUntil = 0;
  private closed = false;
  /** Lease attempts failed in a row (a database outage): the retry backs off. */
  private failures = 0;
  /** How long a "this process waits for slots" mark lasts unless refreshed: a few polls. */
  private readonly demandMs: number;

  constructor(
    private readonly o: Required<SlotLimiterOptions>,
    readonly endpointId: number,
    private maxConcurrent: number,
  ) {
    this.demandMs = Math.max(2000, o.pollMs * 10);
  }

  setMax(max: number) {
    this.maxConcurrent = max;
  }

  /** Resolves with a slot number this process holds; release() it when the request ends. */
  acquire(signal?: AbortSignal): Promise<number> {
    if (this.closed) return Promise.reject(new Error("limiter is closed"));
    if (signal?.aborted) return Promise.reject(new ModelCallError("client_error", "Cancelled"));
    const first = this.free.keys().next();
    if (!first.done) {
      this.free.delete(first.value);
      return Promise.resolve(first.value);
    }
    return new Promise<number>((resolve, reject) => {
      // An aborted caller leaves the queue at once (a stopped run must not wait for a slot
      // only to give it back).
      const onAbort = () => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(new ModelCallError("client_error", "Cancelled"));
      };
      const waiter: Waiter = {
        resolve: (slot) => (signal?.removeEventListener("abort", onAbort), resolve(slot)),
        reject: (err) => (signal?.removeEventListener("abort", onAbort), reject(err)),
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiters.push(waiter);
      this.pump();
    });
  }

  release(slot: number): void {
    if (!this.held.has(slot)) return; // lost at renewal: someone else owns it now
    if (this.toReturn > 0) {
      this.toReturn--;
      this.held.delete(slot);
      this.returning.push(slot);
      return;
    }
    const next = this.waiters.shift();
    if (next) return next.resolve(slot);
    this.free.set(slot, Date.now());
  }

  get heldCount() {
    return this.held.size;
  }
  get inUse() {
    return this.held.size - this.free.size;
  }

  /** Ask the database for as many slots as there are waiters (single-flight). */
  private pump(): void {
    if (this.leasing || this.closed || this.waiters.length === 0 || this.pollTimer) return;
    if (Date.now() < this.holdOffUntil) return this.schedulePoll(this.holdOffUntil - Date.now());
    const want = Math.min(this.waiters.length, this.maxConcurrent - this.held.size);
    if (want <= 0) return; // we hold the maximum: waiters get slots as requests finish
    this.leasing = true;
    this.lease(want)
      .then((slots) => {
        for (const s of slots) {
          this.held.add(s);
          const w = this.waiters.shift();
          if (w) w.resolve(s);
          else this.free.set(s, Date.now());
        }
        this.failures = 0;
        if (this.waiters.length > 0 && slots.length < want) this.schedulePoll();
      })
      .catch((err) => {
        // Deleted (the slot rows' foreign key, or the check above): nothing will ever free up.
        if (err instanceof EndpointGoneError || (err as { code?: string }).code === "23503") {
          for (const w of this.waiters.splice(0)) w.reject(new ModelCallError("client_error", `Model endpoint ${this.endpointId} was deleted`));
          this.ensured = -1;
          return;
        }
        // Most likely the database is restarting: back off (up to 5 s) and say so once.
        if (this.failures++ === 0) log.warn({ err, endpointId: this.endpointId }, "endpoint slot lease failed; retrying");
        this.schedulePoll(backoff(this.failures, this.o.pollMs, 5000));
      })
      .finally(() => {
        this.leasing = false;
        this.pump();
      });
  }

  private schedulePoll(atLeast = 0) {
    if (this.pollTimer || this.closed) return;
    const delay = Math.max(atLeast, this.o.pollMs * (0.5 + Math.random()));
    this.pollTimer = setTimeout(() => {
      this.pollTimer = null;
      this.pump();
    }, delay);
  }

  private async lease(want: number): Promise<number[]> {
    if (this.ensured !== this.maxConcurrent) {
      // Slot rows for the current maximum; surplus rows of a lowered maximum stay unused.
      await this.o.pool.query(
        `insert into endpoint_slot (endpoint_id, slot) select $1, g from generate_series(0, $2::int - 1) g on conflict do nothing`,
        [this.endpointId, this.maxConcurrent],
      );
      this.ensured = this.maxConcurrent;
    }
    // One round trip: take up to `want` free (or expired) slots, mark this process as waiting
    // when it got fewer (the busy one then rotates), and say whether the endpoint still
    // exists, so waiters on a deleted endpoint fail instead of polling forever.
    const { rows } = await this.o.pool.query<{ known: boolean; slots: number[] }>(
      `with taken as (
         update endpoint_slot s set holder = $2, leased_until = now() + make_interval(secs => $4::float8 / 1000)
          where (s.endpoint_id, s.slot) in (
            select endpoint_id, slot from endpoint_slot
             where endpoint_id = $1
               and slot < (select max_concurrent from model_endpoint where id = $1)
               and (holder is null or leased_until < now())
             order by slot limit $3
             for update skip locked)
          returning s.slot),
       demand as (
         insert into endpoint_slot_demand (endpoint_id, holder, wanted_until)
         select $1, $2, now() + make_interval(secs => $5::float8 / 1000)
          where (select count(*) from taken) < $3 and exists (select 1 from model_endpoint where id = $1)
         on conflict (endpoint_id, holder) do update set wanted_until = excluded.wanted_until)
       select exists (select 1 from model_endpoint where id = $1) as known, array(select slot from taken) as slots`,
      [this.endpointId, this.o.holder, want, this.o.leaseMs, this.demandMs],
    );
    if (!rows[0].known) throw new EndpointGoneError(this.endpointId);
    // Fresh leases run a full term; only when nothing older is held may the clock restart.
    if (this.held.size === 0) this.lastRenewal = Date.now();
    return rows[0].slots;
  }

  /** Background upkeep: renew held leases, give back idle slots. */
  async tick(now = Date.now()): Promise<void> {
    if (this.closed) return;
    const idle = [...this.free].filter(([, since]) => now - since >= this.o.idleMs && this.waiters.length === 0).map(([s]) => s);
    // Above a lowered maximum, free slots go back at once.
    const surplus = Math.max(0, this.held.size - idle.length - this.maxConcurrent);
    const extra = [...this.free.keys()].filter((s) => !idle.includes(s)).slice(0, surplus);
    const rotated = this.returning.splice(0);
    // Rotated slots: give a waiting process a few poll intervals to take them first.
    if (rotated.length) this.holdOffUntil = now + this.o.pollMs * 4;
    const giveBack = [...idle, ...extra, ...rotated];
    if (this.waiters.length > 0 && this.held.size > 1 && now - this.lastRotation >= this.o.rotateMs) {
      this.lastRotation = now;
      // Unknown (the database is away): no rotation this time; renewal below still runs.
      if (await this.othersWait().catch(() => false)) this.toReturn = Math.max(1, Math.floor(this.held.size / 8));
    }
    if (giveBack.length) await this.giveBack(giveBack);
    if (this.held.size > 0 && now - this.lastRenewal >= this.o.leaseMs / 3) await this.renew();
  }

  /** Whether another process asked for slots lately and got fewer than it wanted (and drop marks long gone). */
  private async othersWait(): Promise<boolean> {
    const { rows } = await this.o.pool.query<{ waiting: boolean }>(
      `with gone as (delete from endpoint_slot_demand where endpoint_id = $1 and wanted_until < now() - interval '10 minutes')
       select exists (select 1 from endpoint_slot_demand where endpoint_id = $1 and holder <> $2 and wanted_until > now()) as waiting`,
      [this.endpointId, this.o.holder],
    );
    return rows[0].waiting;
  }

  private async giveBack(slots: number[]): Promise<void> {
    for (const s of slots) {
      this.free.delete(s);
      this.held.delete(s);
    }
    await this.o.pool.query(
      `update endpoint_slot set holder = null, leased_until = null where endpoint_id = $1 and holder = $2 and slot = any($3::int[])`,
      [this.endpointId, this.o.holder, slots],
    );
  }

  private async renew(): Promise<void> {
    const mine = [...this.held];
    this.lastRenewal = Date.now();
    const { rows } = await this.o.pool.query<{ slot: number }>(
      `update endpoint_slot set leased_until = now() + make_interval(secs => $4::float8 / 1000)
        where endpoint_id = $1 and holder = $2 and slot = any($3::int[])
          and slot < (select max_concurrent from model_endpoint where id = $1)
        returning slot`,
      [this.endpointId, this.o.holder, mine, this.o.leaseMs],
    );
    const kept = new Set(rows.map((r) => r.slot));
    for (const s of mine) {
      if (kept.has(s)) continue;
      // Lost (lease expired and taken, or the maximum was lowered): never use it again.
      this.held.delete(s);
      this.free.delete(s);
    }
    if (this.waiters.length) this.pump();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    for (const w of this.waiters.splice(0)) w.reject(new Error("limiter is closed"));
    const mine = [...this.held, ...this.returning.splice(0)];
    this.held.clear();
    this.free.clear();
    await this.o.pool.query("delete from endpoint_slot_demand where endpoint_id = $1 and holder = $2", [this.endpointId, this.o.holder]).catch(() => {});
    if (mine.length) {
      await this.o.pool.query(
        `update endpoint_slot set holder = null, leased_until = null where endpoint_id = $1 and holder = $2 and slot = any($3::int[])`,
        [this.endpointId, this.o.holder, mine],
      );
    }
  }
}

/** One per process (or per simulated process in tests): all endpoints' slot leases. */
export class SlotLimiter {
  private readonly endpoints = new Map<number, EndpointSlots>();
  private readonly o: Required<SlotLimiterOptions>;
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;
  private lastUpkeepWarning = 0;

  constructor(opts: SlotLimiterOptions = {}) {
    this.o = {
      pool: opts.pool ?? defaultPool(),
      holder: opts.holder ?? `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString("hex")}`,
      leaseMs: opts.leaseMs ?? 15_000,
      idleMs: opts.idleMs ?? 500,
      pollMs: opts.pollMs ?? 50,
      rotateMs: opts.rotateMs ?? 5_000,
    };
  }

  get holder() {
    return this.o.holder;
  }

  forEndpoint(endpointId: number, maxConcurrent: number): EndpointSlots {
    let e = this.endpoints.get(endpointId);
    if (!e) {
      e = new EndpointSlots(this.o, endpointId, maxConcurrent);
      this.endpoints.set(endpointId, e);
      this.startTicking();
    } else e.setMax(maxConcurrent);
    return e;
  }

  /** Run fn holding one of the endpoint's slots. */
  async withSlot<T>(endpointId: number, maxConcurrent: number, fn: () => Promise<T>): Promise<T> {
    const slots = this.forEndpoint(endpointId, maxConcurrent);
    const slot = await slots.acquire();
    try {
      return await fn();
    } finally {
      slots.release(slot);
    }
  }

  private startTicking() {
    if (this.timer) return;
    const every = Math.max(20, Math.min(this.o.idleMs, this.o.leaseMs / 3) / 2);
    this.timer = setInterval(() => {
      if (this.ticking) return;
      this.ticking = true;
      Promise.all([...this.endpoints.values()].map((e) => e.tick()))
        .catch((err) => {
          // Ticks run several times a second: during a database outage, one line per 10 s.
          if (isConnectionError(err) && Date.now() - this.lastUpkeepWarning < 10_000) return;
          this.lastUpkeepWarning = Date.now();
          log.warn({ err }, "endpoint slot upkeep failed");
        })
        .finally(() => (this.ticking = false));
    }, every);
    this.timer.unref();
  }

  /** Give every slot back (graceful shutdown). */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.all([...this.endpoints.values()].map((e) => e.close()));
    this.endpoints.clear();
  }
}
