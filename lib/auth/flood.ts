// A per-address flood guard for sign-in, in memory (one web process; the account throttle in
// ./throttle.ts is the shared, durable guard). A token bucket: `burst` attempts at once, then
// `perMinute` sustained. better-auth's own limiter was used before and locked out a whole
// office behind one address: its count only resets after a full quiet window, so 20
// sign-ins a few seconds apart, all morning, never decay (docs/decisions/0014).

export const FLOOD = { burst: 30, perMinute: 30, maxTracked: 10_000 };

type Bucket = { tokens: number; at: number };

export class FloodGuard {
  private readonly buckets = new Map<string, Bucket>();
  constructor(
    private readonly burst = FLOOD.burst,
    private readonly perMinute = FLOOD.perMinute,
    private readonly maxTracked = FLOOD.maxTracked,
  ) {}

  /** Takes one attempt for `address`: 0 when allowed, else the seconds until one is. */
  take(address: string, now = Date.now()): number {
    const rate = this.perMinute / 60_000;
    const prev = this.buckets.get(address);
    const tokens = prev ? Math.min(this.burst, prev.tokens + (now - prev.at) * rate) : this.burst;
    if (tokens < 1) {
      this.buckets.set(address, { tokens, at: now });
      return Math.max(1, Math.ceil((1 - tokens) / rate / 1000));
    }
    this.buckets.delete(address); // re-inserted last: Map order is least recently used first
    this.buckets.set(address, { tokens: tokens - 1, at: now });
    if (this.buckets.size > this.maxTracked) this.buckets.delete(this.buckets.keys().next().value!);
    return 0;
  }
}
