import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "@/lib/models/simulator";
import { createRun, getRun, runProgress } from "@/lib/scoring/runs";
import { closeConnections, createTestEndpoint, mathItems, samplesPerCandidate, seedDomain, testActor } from "@/lib/scoring/test-fixtures";
import { startEmbeddedPostgres, type EmbeddedHandle } from "./embedded";
import { migrate } from "./migrate";

// Issue 8 item 3: a PostgreSQL restart under a running worker and web server. Its own
// PostgreSQL (the suite's shared one cannot be stopped), the real worker process, and a
// process serving the real /api/health handler on the same lib/db pools as the web.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "restart-"));
const dataDir = path.join(dir, "data");
const port = 45000 + Math.floor(Math.random() * 4000);
const items = mathItems(240, "restart");
let pg: EmbeddedHandle;
let url = "";
let sim: Simulator;
const children: ChildProcess[] = [];

function spawnChild(script: string, args: string[] = []): ChildProcess & { output: string[] } {
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
    env: { ...process.env, DATABASE_URL: url, EDGEWISE_SCORING_LEASE_SECONDS: "3", EDGEWISE_HOME: dir, LOG_LEVEL: "warn", NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  }) as ChildProcess & { output: string[] };
  child.output = [];
  child.stdout!.on("data", (d) => child.output.push(String(d)));
  child.stderr!.on("data", (d) => child.output.push(String(d)));
  children.push(child);
  return child;
}

async function until<T>(check: () => Promise<T | false>, timeoutMs: number, what: string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check().catch(() => false as const);
    if (v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function probe(probePort: number, p = "/api/health"): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await fetch(`http://127.0.0.1:${probePort}${p}`, { signal: AbortSignal.timeout(8000) });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

const alive = (c: ChildProcess) => c.exitCode === null && c.signalCode === null;

beforeAll(async () => {
  pg = await startEmbeddedPostgres({ dir: dataDir, port, fast: true });
  url = pg.url;
  await migrate(url);
  process.env.DATABASE_URL = url;
  sim = await startSimulator({ withDemoKey: false, answerKeys: items.map((i) => i.key), latencyMs: 60 });
  await seedDomain("restart", items);
}, 120_000);

afterAll(async () => {
  for (const c of children) if (alive(c)) c.kill("SIGKILL");
  await sim?.close();
  await closeConnections().catch(() => {});
  await pg?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("a PostgreSQL restart under a running worker and web", () => {
  it("keeps both processes alive, health says 503 with the reason then 200, and the run finishes with k samples each", async () => {
    const endpoint = await createTestEndpoint("sim", sim.url, "sim-target", 4);
    const run = await createRun({ domain: "restart", targetEndpointId: endpoint.id, phase: "scaling", k: 4 }, testActor);
    const worker = spawnChild("lib/jobs/worker-main.ts");
    const web = spawnChild("lib/testing/web-probe.ts");
    const webPort = await until(async () => {
      const m = /probe listening (\d+)/.exec(web.output.join(""));
      return m ? Number(m[1]) : false;
    }, 30_000, "the probe to listen");
    expect((await probe(webPort)).status).toBe(200);
    expect((await probe(webPort, "/prisma")).status).toBe(200); // the Prisma pool holds a connection too

    await until(async () => (await getRun(run.id)).completed >= 20 || false, 60_000, "the run to get going");
    const before = (await getRun(run.id)).completed;

    await pg.stop(); // a fast shutdown: every connection gets 57P01, as on a restart
    const down = await until(async () => {
      const h = await probe(webPort);
      return h.status === 503 ? h : false;
    }, 10_000, "health to report the outage");
    expect(down.body).toMatchObject({ ok: false, database: "down" });
    expect(String(down.body.reason)).toMatch(/not accepting connections|shutting down|restarting/);
    expect(JSON.stringify(down.body)).not.toContain(String(port)); // no host or port leaks out
    await new Promise((r) => setTimeout(r, 4000)); // the database stays away a while
    expect(alive(worker), worker.output.join("")).toBe(true);
    expect(alive(web), web.output.join("")).toBe(true);
    expect((await probe(webPort)).status).toBe(503);

    pg = await startEmbeddedPostgres({ dir: dataDir, port, fast: true });
    await until(async () => (await probe(webPort)).status === 200, 15_000, "health to recover");
    expect((await probe(webPort, "/prisma")).status).toBe(200);

    await until(async () => (await getRun(run.id)).status === "done" || false, 90_000, "the run to finish");
    expect(alive(worker), worker.output.join("")).toBe(true);
    const counts = await samplesPerCandidate(run.id);
    expect(counts.size).toBe(240);
    expect([...counts.values()].every((n) => n === 4)).toBe(true);
    const progress = await runProgress(run.id);
    expect(progress).toMatchObject({ completed: 240, done: 240, samples: 960, sampleErrors: 0 });
    expect(before).toBeLessThan(240);

    // pg-boss in the worker resumed polling: a job queued after the restart is picked up.
    const second = await createRun({ domain: "restart", targetEndpointId: endpoint.id, phase: "exploration", sampleSize: 10, k: 1 }, testActor);
    await until(async () => (await getRun(second.id)).status === "done" || false, 30_000, "a run queued after the restart");
  }, 200_000);
});
