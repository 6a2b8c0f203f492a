import type pg from "pg";
import { log } from "@/lib/log";

// Requests/min and tokens/min across processes, counted in endpoint_usage_window (one row per
// endpoint per minute). A process reserves request permits in blocks with one atomic
// statement and spends them locally, so a fast caller costs a round trip per block, not per
// request. Tokens are only known after a call: they are added to the window at the next
// reservation (at least once a second), so several processes together may overshoot a TPM
// limit by what they have in flight. When a window is full, callers wait for the next one.

const MINUTE = 60_000;
const FLUSH_MS = 1_000;

export interface UsageLimits {
  requestsPerMinute: number | null;
  tokensPerMinute: number | null;
}

export class UsageWindow {
  private windowStart = 0;
  private permits = 0;
  /** Tokens the window held at the last reservation, plus what this process spent since. */
  private windowTokens = 0;
  private pendingTokens = 0;
  private lastFlush = 0;
  private exhaustedUntil = 0;
  private waiting = 0;
  private reserving: Promise<void> | null = null;

  constructor(
    private readonly pool: pg.Pool,
    private readonly endpointId: number,
    private limits: UsageLimits,
  ) {}

  setLimits(limits: UsageLimits) {
    this.limits = limits;
  }

  /** Wait for permission to send one request. */
  async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = Date.now();
      this.roll(now);
      if (this.exhaustedUntil > now) {
        await sleep(this.exhaustedUntil - now + Math.random() * 250, signal);
        continue;
      }
      const tpm = this.limits.tokensPerMinute;
      const tokensOk = tpm === null || this.windowTokens + this.pendingTokens < tpm;
      const stale = tpm !== null && now - this.lastFlush > FLUSH_MS;
      if (this.permits > 0 && tokensOk && !stale) {
        this.permits--;
        return;
      }
      this.waiting++;
      try {
        this.reserving ??= this.reserve(now).finally(() => (this.reserving = null));
        await this.reserving;
      } catch (err) {
        log.warn({ err, endpointId: this.endpointId }, "usage window reservation failed; retrying");
        await sleep(200, signal);
      } finally {
        this.waiting--;
      }
    }
  }

  /** Count tokens a finished request used. */
  record(tokens: number): void {
    this.pendingTokens += tokens;
  }

  private roll(now: number) {
    const start = Math.floor(now / MINUTE) * MINUTE;
    if (start === this.windowStart) return;
    this.windowStart = start;
    this.permits = 0;
    this.windowTokens = 0;
    this.exhaustedUntil = 0;
  }

  private async reserve(now: number): Promise<void> {
    const rpm = this.limits.requestsPerMinute;
    // Blocks of ~1/30 of the limit: small enough that unused permits at a window's end
    // (they count as spent) do not starve other processes.
    const block = rpm === null ? 256 : Math.max(1, Math.ceil(rpm / 30));
    // Holding permits and only here to report tokens: ask for none.
    const ask = this.permits > 0 ? 0 : Math.min(Math.max(1, this.waiting), block);
    const tokens = this.pendingTokens;
    this.pendingTokens = 0;
    const windowStart = new Date(this.windowStart);
    const params = [this.endpointId, windowStart, ask, tokens, rpm ?? 2 ** 31 - 1, this.limits.tokensPerMinute];
    try {
      let rows = await this.take(params);
      if (rows.length === 0) {
        await this.pool.query(
          `insert into endpoint_usage_window (endpoint_id, window_start) values ($1, $2) on conflict do nothing`,
          [this.endpointId, windowStart],
        );
        rows = await this.take(params);
      }
      this.lastFlush = now;
      if (this.windowStart !== windowStart.getTime()) return; // the minute turned meanwhile
      const { granted, tokens: total } = rows[0] ?? { granted: 0, tokens: 0 };
      this.permits += granted;
      this.windowTokens = total;
      const tpm = this.limits.tokensPerMinute;
      if ((ask > 0 && granted === 0) || (tpm !== null && total >= tpm)) this.exhaustedUntil = this.windowStart + MINUTE;
    } catch (err) {
      this.pendingTokens += tokens;
      throw err;
    }
  }

  /**
   * One statement: lock the window row (FOR UPDATE returns its newest version), grant up to
   * `ask` requests within the limits, add the tokens spent, return the grant.
   */
  private async take(params: unknown[]): Promise<{ granted: number; tokens: number }[]> {
    const { rows } = await this.pool.query<{ granted: number; tokens: number }>(
      `with cur as (
         select requests, tokens from endpoint_usage_window
          where endpoint_id = $1 and window_start = $2 for update),
       g as (
         select case when $6::int is not null and tokens >= $6::int then 0
                     else least($3::int, greatest(0, $5::int - requests)) end as granted
           from cur)
       update endpoint_usage_window w
          set requests = w.requests + g.granted, tokens = w.tokens + $4::int
         from g
        where w.endpoint_id = $1 and w.window_start = $2
       returning g.granted, w.tokens`,
      params,
    );
    return rows;
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(t), reject(signal.reason)), { once: true });
  });
}
