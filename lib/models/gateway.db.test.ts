import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db, pool } from "@/lib/db/client";
import { useMigratedDatabase } from "@/lib/testing/db";
import { invalidateEndpointConfig } from "./config";
import { ModelCallError } from "./errors";
import { Gateway } from "./gateway";
import { completionsUrl, postChatCompletion } from "./chat-http";
import { encryptApiKey } from "./secret";
import { startSimulator, type Simulator } from "./simulator";

// The gateway against a real simulator over HTTP and a real PostgreSQL: retries, Retry-After,
// timeouts, error kinds, and limits that hold across (simulated) processes.

let url: string;
let sim: Simulator;
let gw: Gateway;
const messages = [{ role: "user" as const, content: "What is 6 times 7?" }];

async function endpoint(data: { baseUrl?: string; maxConcurrent?: number; requestsPerMinute?: number; apiKeyEncrypted?: Uint8Array<ArrayBuffer> } = {}) {
  const row = await db().modelEndpoint.create({
    data: { name: `ep-${Math.random().toString(36).slice(2)}`, baseUrl: sim.url, model: "sim-target", roles: ["target"], simulated: true, ...data },
  });
  return row.id;
}

beforeAll(async () => {
  url = await useMigratedDatabase();
  sim = await startSimulator({ seed: 11, withDemoKey: false });
  gw = new Gateway();
});
afterAll(async () => {
  await gw.close();
  await sim.close();
});
beforeEach(() => {
  sim.setFaults({ latencyMs: 0, latencyJitterMs: 0, rate429: 0, rate5xx: 0, rateGarbage: 0, retryAfterSeconds: 1, retryAfterFormat: "seconds" });
  sim.resetStats();
});

const fast = { backoffMs: 5, backoffCapMs: 50 };

describe("gateway", () => {
  it("returns n choices with token counts and latency", async () => {
    const id = await endpoint();
    const r = await gw.chat(id, { messages, n: 8, temperature: 1, maxTokens: 256 });
    expect(r.choices).toHaveLength(8);
    expect(r.promptTokens).toBeGreaterThan(0);
    expect(r.completionTokens).toBeGreaterThan(0);
    expect(r.latencyMs).toBeGreaterThanOrEqual(0);
    expect(r.attempts).toBe(1);
  });

  it("an abort ends the request in flight, and a wait for a slot, at once, without retrying either", async () => {
    const id = await endpoint({ maxConcurrent: 1 });
    sim.setFaults({ latencyMs: 2000 });
    sim.resetStats();
    const outcome = (p: Promise<unknown>) => p.then(() => "answered", (e) => `${e.kind}: ${e.message}`);
    // Another caller holds the endpoint's one slot; ours waits for it, then is stopped.
    const other = outcome(gw.chat(id, { messages }));
    await new Promise((r) => setTimeout(r, 200));
    const stopWaiting = new AbortController();
    const waiting = outcome(gw.chat(id, { messages }, { ...fast, signal: stopWaiting.signal }));
    await new Promise((r) => setTimeout(r, 100));
    let t = Date.now();
    stopWaiting.abort();
    expect(await waiting).toBe("client_error: Cancelled");
    expect(Date.now() - t).toBeLessThan(500); // not when the slot frees up
    expect(await other).toBe("answered");
    // In flight: the socket is closed, the server sees the request go; no retry follows.
    sim.resetStats();
    const stop = new AbortController();
    const inFlight = outcome(gw.chat(id, { messages }, { ...fast, signal: stop.signal }));
    await new Promise((r) => setTimeout(r, 200));
    expect(sim.stats().inFlight).toBe(1);
    t = Date.now();
    stop.abort();
    expect(await inFlight).toBe("client_error: Cancelled");
    expect(Date.now() - t).toBeLessThan(500);
    await new Promise((r) => setTimeout(r, 50));
    expect(sim.stats()).toMatchObject({ requests: 1, inFlight: 0, answered: 0 });
  });

  it("rides out a burst of 429s, honouring Retry-After in seconds", async () => {
    const id = await endpoint();
    sim.setFaults({ rate429: 1, retryAfterSeconds: 1 });
    setTimeout(() => sim.setFaults({ rate429: 0 }), 300);
    const t = Date.now();
    const results = await Promise.all([1, 2, 3].map(() => gw.chat(id, { messages }, fast)));
    expect(Date.now() - t).toBeGreaterThanOrEqual(950); // backoff alone would retry in ms
    expect(results.every((r) => r.choices.length === 1 && r.attempts >= 2)).toBe(true);
    expect(sim.stats().byStatus[429]).toBeGreaterThanOrEqual(3);
  });

  it("honours Retry-After given as an HTTP date", async () => {
    const id = await endpoint();
    sim.setFaults({ rate429: 1, retryAfterSeconds: 2, retryAfterFormat: "date" });
    setTimeout(() => sim.setFaults({ rate429: 0 }), 200);
    const t = Date.now();
    const r = await gw.chat(id, { messages }, fast);
    expect(r.attempts).toBe(2);
    expect(Date.now() - t).toBeGreaterThanOrEqual(900); // HTTP dates have 1 s resolution
  });

  it("retries 5xx and garbage until it gets a good answer", async () => {
    const id = await endpoint();
    sim.setFaults({ rate5xx: 0.3, rateGarbage: 0.3 });
    const results = await Promise.all(Array.from({ length: 40 }, () => gw.chat(id, { messages, n: 2 }, { ...fast, maxAttempts: 12 })));
    expect(results.every((r) => r.choices.length === 2 && r.choices.every((c) => typeof c === "string"))).toBe(true);
    const s = sim.stats().byStatus;
    expect((s[500] ?? 0) + (s[502] ?? 0) + (s[503] ?? 0)).toBeGreaterThan(5);
    expect(results.reduce((a, r) => a + r.attempts, 0)).toBeGreaterThan(50);
  });

  it("gives up with the error kind, status and attempts", async () => {
    const id = await endpoint();
    sim.setFaults({ rate5xx: 1 });
    const err = await gw.chat(id, { messages }, { ...fast, maxAttempts: 3 }).catch((e) => e);
    expect(err).toBeInstanceOf(ModelCallError);
    expect(err).toMatchObject({ kind: "server_error", attempts: 3 });
    expect([500, 502, 503]).toContain(err.status);
    expect(err.message).toMatch(/simulated 50\d.*after 3 attempts/);

    sim.setFaults({ rate5xx: 0, rateGarbage: 1 });
    await expect(gw.chat(id, { messages }, { ...fast, maxAttempts: 2 })).rejects.toMatchObject({ kind: "malformed", attempts: 2 });
  });

  it("bounds each attempt with a timeout", async () => {
    const id = await endpoint();
    sim.setFaults({ latencyMs: 400 });
    const t = Date.now();
    await expect(gw.chat(id, { messages }, { ...fast, timeoutMs: 100, maxAttempts: 2 })).rejects.toMatchObject({ kind: "timeout", attempts: 2 });
    expect(Date.now() - t).toBeLessThan(380);
  });

  it("does not retry client errors, and never echoes the key", async () => {
    const locked = await startSimulator({ apiKey: "sk-right-key", withDemoKey: false });
    try {
      const wrong = await endpoint({ baseUrl: locked.url, apiKeyEncrypted: encryptApiKey("sk-wrong-key") });
      const err = await gw.chat(wrong, { messages }, fast).catch((e) => e);
      expect(err).toMatchObject({ kind: "client_error", status: 401, attempts: 1 });
      expect(err.message).not.toContain("sk-wrong-key");
      const right = await endpoint({ baseUrl: locked.url, apiKeyEncrypted: encryptApiKey("sk-right-key") });
      expect((await gw.chat(right, { messages })).choices).toHaveLength(1);
    } finally {
      await locked.close();
    }
  });

  it("reports a refused connection as a connection error", async () => {
    const gone = await startSimulator({ withDemoKey: false });
    const deadUrl = gone.url;
    await gone.close();
    const id = await endpoint({ baseUrl: deadUrl });
    await expect(gw.chat(id, { messages }, { ...fast, maxAttempts: 2 })).rejects.toMatchObject({ kind: "connection", attempts: 2 });
  });

  it("fails calls waiting for slots when their endpoint is deleted", async () => {
    const id = await endpoint({ maxConcurrent: 1 });
    sim.setFaults({ latencyMs: 300 });
    const [holder, waiter] = [new Gateway({ holder: "holds-the-slot" }), new Gateway({ holder: "waits" })];
    try {
      const first = holder.chat(id, { messages });
      await new Promise((r) => setTimeout(r, 100));
      const waiting = waiter.chat(id, { messages }).then(() => "ok", (e) => e.kind);
      await new Promise((r) => setTimeout(r, 50));
      await db().modelEndpoint.delete({ where: { id } });
      expect(await waiting).toBe("client_error"); // not a poll that never ends
      await first;
    } finally {
      await holder.close();
      await waiter.close();
    }
  });

  it("fails a missing endpoint as a client error", async () => {
    await expect(gw.chat(999_999, { messages })).rejects.toMatchObject({ kind: "client_error" });
  });
});

describe("limits across processes", () => {
  const processes: { gw: Gateway; pool: pg.Pool }[] = [];
  const spawn = (name: string) => {
    const pool = new pg.Pool({ connectionString: url, max: 3 });
    const p = { gw: new Gateway({ pool, holder: name, idleMs: 100 }), pool };
    processes.push(p);
    return p.gw;
  };
  afterAll(async () => {
    for (const p of processes) {
      await p.gw.close();
      await p.pool.end();
    }
  });

  it("two limiters never have more than max_concurrent in flight together", async () => {
    const id = await endpoint({ maxConcurrent: 5 });
    sim.setFaults({ latencyMs: 15, latencyJitterMs: 10 });
    const [a, b] = [spawn("proc-a"), spawn("proc-b")];
    const done = { a: 0, b: 0 };
    const run = (g: Gateway, k: "a" | "b") =>
      Promise.all(Array.from({ length: 30 }, async () => {
        for (let i = 0; i < 4; i++) {
          await g.chat(id, { messages });
          done[k]++;
        }
      }));
    await Promise.all([run(a, "a"), run(b, "b")]);
    expect(done).toEqual({ a: 120, b: 120 });
    expect(sim.stats().maxInFlight).toBeLessThanOrEqual(5);
    expect(sim.stats().maxInFlight).toBeGreaterThanOrEqual(4);
    // Idle slots go back to the table.
    await new Promise((r) => setTimeout(r, 400));
    const { rows } = await processes[0].pool.query("select count(*)::int as n from endpoint_slot where endpoint_id = $1 and holder is not null", [id]);
    expect(rows[0].n).toBe(0);
  });

  it("a busy process hands slots over to one that waits", async () => {
    const id = await endpoint({ maxConcurrent: 4 });
    sim.setFaults({ latencyMs: 20 });
    const busy = new Gateway({ pool: processes[0]?.pool, holder: "busy", rotateMs: 200 });
    const late = new Gateway({ pool: processes[0]?.pool, holder: "late", rotateMs: 200 });
    try {
      let busyDone = false;
      const busyRun = Promise.all(Array.from({ length: 16 }, async () => {
        for (let i = 0; i < 12; i++) await busy.chat(id, { messages });
      })).then(() => (busyDone = true));
      await new Promise((r) => setTimeout(r, 150)); // busy holds every slot by now
      let lateFirst = false;
      await late.chat(id, { messages });
      lateFirst = !busyDone;
      await busyRun;
      expect(lateFirst).toBe(true);
      expect(sim.stats().maxInFlight).toBeLessThanOrEqual(4);
    } finally {
      await busy.close();
      await late.close();
    }
  });

  it("a lone busy process keeps every slot: it hands some back only while another process waits", async () => {
    const id = await endpoint({ maxConcurrent: 4 });
    sim.setFaults({ latencyMs: 20 });
    const lone = new Gateway({ holder: "lone", rotateMs: 100 });
    try {
      const held: number[] = [];
      let running = true;
      const run = Promise.all(Array.from({ length: 16 }, async () => {
        for (let i = 0; i < 12; i++) await lone.chat(id, { messages });
      })).finally(() => (running = false));
      await new Promise((r) => setTimeout(r, 100)); // every slot leased by now
      while (running) {
        const { rows } = await pool().query("select count(*)::int as n from endpoint_slot where endpoint_id = $1 and holder = 'lone'", [id]);
        if (running) held.push(rows[0].n);
        await new Promise((r) => setTimeout(r, 15));
      }
      await run;
      expect(held.length).toBeGreaterThan(10); // watched over several rotation periods
      expect(Math.min(...held)).toBe(4);
    } finally {
      await lone.close();
    }
  });

  it("a lowered max_concurrent takes effect within the config refresh", async () => {
    const id = await endpoint({ maxConcurrent: 6 });
    const g = spawn("proc-c");
    await Promise.all(Array.from({ length: 12 }, () => g.chat(id, { messages })));
    await db().modelEndpoint.update({ where: { id }, data: { maxConcurrent: 2 } });
    invalidateEndpointConfig(id);
    await new Promise((r) => setTimeout(r, 300)); // idle slots returned
    sim.setFaults({ latencyMs: 20 });
    sim.resetStats();
    await Promise.all(Array.from({ length: 20 }, () => g.chat(id, { messages })));
    expect(sim.stats().maxInFlight).toBeLessThanOrEqual(2);
  });

  it("requests per minute hold across processes, per minute window", async () => {
    const id = await endpoint({ requestsPerMinute: 12, maxConcurrent: 8 });
    const [a, b] = [spawn("proc-d"), spawn("proc-e")];
    const stop = new AbortController();
    let completed = 0;
    const calls = [a, b].flatMap((g) => Array.from({ length: 15 }, () => g.chat(id, { messages }, { signal: stop.signal }).then(() => completed++, () => {})));
    await new Promise((r) => setTimeout(r, 1500));
    stop.abort();
    await Promise.all(calls);
    const { rows } = await processes[0].pool.query<{ requests: number }>("select requests from endpoint_usage_window where endpoint_id = $1", [id]);
    for (const w of rows) expect(w.requests).toBeLessThanOrEqual(12);
    expect(completed).toBeGreaterThanOrEqual(12);
    expect(completed).toBeLessThanOrEqual(rows.reduce((a, w) => a + w.requests, 0));
  });
});

describe("throughput", () => {
  // The limiter must not be what bounds a fast caller. Measured against the same HTTP call
  // (chat-http.ts) without any limiter, on the same (shared, 2-core) machine, and against the simulator's
  // bound in-flight / latency.
  async function measure(call: () => Promise<unknown>, seconds = 1.5): Promise<number> {
    await Promise.all(Array.from({ length: 64 }, call)); // warm up: leases, sockets, JIT
    const until = Date.now() + seconds * 1000;
    let n = 0;
    const t = performance.now();
    await Promise.all(Array.from({ length: 64 }, async () => {
      while (Date.now() < until) {
        await call();
        n++;
      }
    }));
    return n / ((performance.now() - t) / 1000);
  }

  it("64 in flight: the limiter is not what bounds the rate", async () => {
    const id = await endpoint({ maxConcurrent: 64 });
    const latencyMs = 100;
    sim.setFaults({ latencyMs });
    const g = new Gateway({ holder: "bench" });
    const url = completionsUrl(sim.url);
    try {
      // Best of three, interleaved: other work on the machine moves single measurements a lot.
      let viaGateway = 0;
      let direct = 0;
      for (let round = 0; round < 3; round++) {
        viaGateway = Math.max(viaGateway, await measure(() => g.chat(id, { messages, n: 8 })));
        direct = Math.max(direct, await measure(() => postChatCompletion(url, "x", { model: "sim-target", messages, n: 8 }, { timeoutMs: 60_000 })));
      }
      const bound = 64 / (latencyMs / 1000);
      console.log(`gateway ${viaGateway.toFixed(0)} req/s, direct ${direct.toFixed(0)} req/s, bound ${bound} (${(viaGateway / bound).toFixed(3)})`);
      // Outside vitest the two are equal within noise (bench:scoring); vitest's module
      // transform costs the gateway's own code a little here.
      expect(viaGateway / direct).toBeGreaterThanOrEqual(0.85);
      // The simulator shares this process's one thread, so the bound itself is not reachable
      // here; bench:scoring measures it with the simulator in its own process.
      expect(viaGateway / bound).toBeGreaterThanOrEqual(0.6);
    } finally {
      await g.close();
    }
  });
});
