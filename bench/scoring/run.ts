import { systemActor } from "@/lib/audit";
// npm run bench:scoring [-- --candidates N --k K --in-flight C --latency MS --workers W]
// A live scoring run (the real driver, gateway, verifiers and PostgreSQL writes) against the
// simulator in its own process at a fixed latency with no jitter or faults. The physical
// bound is the simulator's: with one request carrying n = k samples, C requests in flight
// answered every `latency` ms give C × k / latency samples per second. Prints the achieved
// samples/s, what a bare HTTP client gets from the same simulator in the same run (the
// machine's own ceiling), and, last, the ratio to the bound. Goal (issue 10): >= 0.95 at 64.
// --workers W (default 1: the bench process drives inline) drives the run from W separate
// driver processes (drive.ts) sharing the endpoint's C slots, as W worker processes would;
// the bound is the same (the limit is the endpoint's, across processes).
//
// Measured as the bare client is: warm. One driver first scores a separate warm-up pool
// (WARM_UP candidates, untimed; with --workers, every driver process takes part in it), as the
// bare client makes a warm-up round, so the timed run is the driver's steady pace, not V8
// compiling it. And the simulator runs with Linux's
// SCHED_BATCH policy where `chrt` exists: it stands in for a model server on other machines,
// so its wake-ups should not preempt the driver on the two cores they share here (a woken
// simulator otherwise takes the driver's core in the middle of its socket writes); it still
// gets its full share of CPU. Both apply to the driver and the bare client alike.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { parseArgs } from "node:util";
import { monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";
import { importFile } from "@/lib/candidates/import";
import { disconnect, pool } from "@/lib/db/client";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";
import { createDomain } from "@/lib/domains";
import { stopBoss } from "@/lib/jobs/boss";
import { createEndpoint } from "@/lib/models/endpoints";
import { closeGateway } from "@/lib/models/gateway";
import { completionsUrl, postChatCompletion } from "@/lib/models/chat-http";
import type { SimulatorStats } from "@/lib/models/simulator";
import { driveRun, type DriveResult } from "@/lib/scoring/driver";
import { createRun, runProgress } from "@/lib/scoring/runs";
import { cpuSeconds } from "./cpu";
import { benchItems } from "./items";

/** Start the V8 CPU profiler in this process; the returned function stops it and gives the profile. */
async function startProfile(): Promise<() => Promise<object>> {
  const inspector = await import("node:inspector/promises");
  const session = new inspector.Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  return async () => (await session.post("Profiler.stop")).profile;
}

// A larger young generation: a scoring driver allocates many short-lived objects per
// request (SDK request objects, parsed bodies, sample rows), and with V8's default 16 MB
// semi-spaces it spends ~10% of its time in scavenges. The worker should run with the same
// flag (NODE_OPTIONS=--max-semi-space-size=64); the bench re-runs itself with it.
const GC_FLAG = "--max-semi-space-size=64";
if (!process.execArgv.includes(GC_FLAG) && !(process.env.NODE_OPTIONS ?? "").includes("max-semi-space-size")) {
  const child = spawn(process.execPath, [...process.execArgv, GC_FLAG, ...process.argv.slice(1)], { stdio: "inherit" });
  process.exit(await new Promise<number>((resolve) => child.once("exit", (code) => resolve(code ?? 1))));
}

const { values } = parseArgs({
  options: {
    candidates: { type: "string", default: "10000" },
    k: { type: "string", default: "8" },
    "in-flight": { type: "string", default: "64" },
    latency: { type: "string", default: "50" },
    workers: { type: "string", default: "1" },
    /** Write a CPU profile of the timed part (the driver process) to this file. */
    profile: { type: "string" },
  },
});
const candidates = Number(values.candidates);
const k = Number(values.k);
const inFlight = Number(values["in-flight"]);
const latencyMs = Number(values.latency);
const workers = Math.max(1, Number(values.workers));

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-scoring-"));
const server = await startEmbeddedPostgres({ dir: path.join(dir, "data"), port: 57000 + (process.pid % 1000) });
const WARM_UP = 2000;
const simCommand = [path.resolve("node_modules/.bin/tsx"), "bench/scoring/simulator.ts", String(candidates + WARM_UP), String(latencyMs)];
const batchPolicy = spawnSync("chrt", ["--version"]).status === 0;
const sim = spawn(batchPolicy ? "chrt" : simCommand[0], batchPolicy ? ["--batch", "0", ...simCommand] : simCommand.slice(1), {
  stdio: ["pipe", "pipe", "inherit"],
});
const simLines = readline.createInterface({ input: sim.stdout! })[Symbol.asyncIterator]();
/** Ask the simulator process for its counters (simulator.ts). */
async function simStats(): Promise<SimulatorStats> {
  sim.stdin!.write("stats\n");
  return JSON.parse((await simLines.next()).value as string);
}
try {
  const simUrl = await new Promise<string>((resolve, reject) => {
    sim.once("exit", (code) => reject(new Error(`simulator exited with ${code}`)));
    void simLines.next().then((r) => (r.done ? reject(new Error("simulator gave no URL")) : resolve(r.value as string)));
  });
  await migrate(server.url);
  process.env.DATABASE_URL = server.url;

  const items = benchItems(candidates + WARM_UP);
  const pools = [{ slug: "bench", items: items.slice(0, candidates) }, { slug: "warm-up", items: items.slice(candidates) }];
  for (const { slug, items: pool } of pools) {
    const file = path.join(dir, `${slug}.jsonl`);
    fs.writeFileSync(file, pool.map((i) => JSON.stringify(i)).join("\n") + "\n");
    await createDomain({ slug, name: slug }, systemActor);
    await importFile(file, { domainSlug: slug, format: "generic", createdBy: "bench" });
  }
  const endpoint = await createEndpoint({ name: "sim", baseUrl: simUrl, model: "sim-target", roles: ["target"], maxConcurrent: inFlight, simulated: true }, systemActor);
  const run = await createRun({ domain: "bench", targetEndpointId: endpoint.id, phase: "scaling", k }, { id: null, email: "bench" });
  const warmUp = await createRun({ domain: "warm-up", targetEndpointId: endpoint.id, phase: "scaling", k }, { id: null, email: "bench" });
  await stopBoss(); // the queued drive jobs are not consumed: the bench drives inline, timed
  if (workers === 1) await driveRun(warmUp.id, { continueAsJob: false });
  sim.stdin!.write("reset\n");

  const profiler = values.profile ? await startProfile() : null;
  // The driver's event-loop delay: a response that arrived waits this long to be read.
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const gc = { minor: { n: 0, ms: 0, max: 0 }, major: { n: 0, ms: 0, max: 0 } };
  const gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const g = (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === 1 ? gc.minor : gc.major; // 1: scavenge
      g.n++;
      g.ms += e.duration;
      g.max = Math.max(g.max, e.duration);
    }
  });
  gcObserver.observe({ entryTypes: ["gc"] });
  const postmaster = Number(fs.readFileSync(path.join(dir, "data", "postmaster.pid"), "utf8").split("\n")[0]);
  const cpuBefore = [process.cpuUsage(), cpuSeconds(sim.pid!), cpuSeconds(postmaster)] as const;
  let started = performance.now();
  let result: DriveResult;
  let driverCpu: number;
  if (workers === 1) {
    result = await driveRun(run.id, { continueAsJob: false });
    const u = process.cpuUsage(cpuBefore[0]);
    driverCpu = (u.user + u.system) / 1e6;
  } else {
    const drivers = await startDrivers(run.id, warmUp.id, server.url, workers);
    started = performance.now();
    const ends = await Promise.all(drivers.map((d) => d.go()));
    driverCpu = ends.reduce((a, e) => a + e.cpu, 0);
    result = ends.find((e) => e.result.outcome === "done")?.result ?? ends[0].result;
    if ((await runProgress(run.id)).status === "done") result = { ...result, outcome: "done" };
  }
  const seconds = (performance.now() - started) / 1000;
  const simulated = await simStats();
  loopDelay.disable();
  gcObserver.disconnect();
  const cpu = { driver: driverCpu, simulator: cpuSeconds(sim.pid!) - cpuBefore[1], postgres: cpuSeconds(postmaster) - cpuBefore[2] };
  if (profiler) fs.writeFileSync(values.profile!, JSON.stringify(await profiler()));
  const p = await runProgress(run.id);
  if (result.outcome !== "done" || p.samples !== candidates * k) throw new Error(`run ended ${result.outcome} with ${p.samples} samples`);
  const { rows } = await pool().query<{ bad: number }>(
    "select count(*)::int as bad from (select candidate_id from sample where run_id = $1 group by candidate_id having count(*) <> $2) x",
    [run.id, k],
  );
  if (rows[0].bad) throw new Error(`${rows[0].bad} candidates without exactly k samples`);

  // Where the time goes: requests kept in flight on average (starvation shows here) and how
  // long one took as the gateway measured it (event-loop delay on either side shows here).
  const { rows: lat } = await pool().query<{ requests: number; total_ms: number }>(
    `select count(*)::int as requests, sum(latency_ms)::float8 as total_ms from sample where run_id = $1 and "index" = 0`,
    [run.id],
  );
  const avgInFlight = lat[0].total_ms / 1000 / seconds;
  const meanRequestMs = lat[0].total_ms / lat[0].requests;
  const achieved = p.samples / seconds;
  const bound = (inFlight * k) / (latencyMs / 1000);
  const raw = await rawClientRate(simUrl, candidates, inFlight, k);
  console.log(`candidates ${candidates.toLocaleString("en")} × k=${k}, ${inFlight} in flight, simulator latency ${latencyMs} ms (no jitter, no faults), ${workers === 1 ? `one driver in the bench process, warmed up on ${WARM_UP.toLocaleString("en")} other candidates` : `${workers} driver processes, warmed up together on ${WARM_UP.toLocaleString("en")} other candidates`}`);
  console.log(`bands: ${Object.entries(p.bands).map(([b, n]) => `${b} ${n}`).join(", ")}`);
  console.log(`scored in ${seconds.toFixed(2)} s: ${achieved.toFixed(0)} samples/s (${(candidates / seconds).toFixed(0)} candidates/s)`);
  if (workers === 1) {
    const ms = (ns: number) => (ns / 1e6).toFixed(1);
    console.log(`driver event-loop delay: p50 ${ms(loopDelay.percentile(50))} ms, p99 ${ms(loopDelay.percentile(99))} ms, max ${ms(loopDelay.max)} ms`);
    const g = (x: typeof gc.minor) => `${x.n} (${x.ms.toFixed(0)} ms, longest ${x.max.toFixed(1)} ms)`;
    console.log(`driver GC pauses: scavenges ${g(gc.minor)}, others ${g(gc.major)}`);
  }
  console.log(`requests in flight on average ${avgInFlight.toFixed(1)} of ${inFlight}; mean request ${meanRequestMs.toFixed(1)} ms (simulator waits ${latencyMs} ms)`);
  // With driver processes, their PostgreSQL backends have exited by now and are not counted.
  const postgresCpu = workers === 1 ? cpu.postgres.toFixed(1) : "n/a (the drivers' backends have exited)";
  console.log(`CPU seconds while scoring: driver${workers > 1 ? "s" : ""} ${cpu.driver.toFixed(1)}, simulator ${cpu.simulator.toFixed(1)}, PostgreSQL ${postgresCpu} (${os.cpus().length} cores)`);
  const earliest = simulated.answerMsMin ?? Number.NaN;
  console.log(`the simulator answered ${(simulated.answerMsTotal / simulated.answered).toFixed(2)} ms after a request arrived on average, never sooner than ${earliest.toFixed(2)} ms${batchPolicy ? " (it ran as SCHED_BATCH)" : ""}`);
  console.log(`bound: ${inFlight} in flight × ${k} samples per request (n = k) / ${latencyMs} ms = ${bound.toFixed(0)} samples/s`);
  console.log(`a bare HTTP client on the same simulator (the same requests, ${inFlight} in flight, no verification, no database): ${raw.toFixed(0)} samples/s = ${(raw / bound).toFixed(3)} of the bound; the driver reached ${(achieved / raw).toFixed(3)} of it`);
  console.log(`ratio ${(achieved / bound).toFixed(3)} (goal >= 0.95 at 64 in flight)`);
} finally {
  await closeGateway().catch(() => {});
  await disconnect();
  sim.stdin!.end();
  sim.kill("SIGTERM");
  await new Promise((r) => sim.once("exit", r));
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * What a client that does nothing but HTTP gets from the simulator on this machine right now:
 * the same prompts, `inFlight` requests at a time with n = k, timed over `requests` requests
 * (after a warm-up round). The distance between the bound and this is the machine's, not
 * the driver's.
 */
async function rawClientRate(simUrl: string, requests: number, inFlight: number, k: number): Promise<number> {
  const url = completionsUrl(simUrl);
  const prompts = benchItems(requests).map((i) => i.prompt);
  const post = (i: number) => postChatCompletion(url, null, { model: "sim-target", messages: [{ role: "user", content: prompts[i % prompts.length] }], n: k }, { timeoutMs: 60_000 });
  await Promise.all(Array.from({ length: inFlight }, (_, i) => post(i)));
  let next = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < requests) await post(next++);
    }),
  );
  return (requests * k) / ((performance.now() - t) / 1000);
}

/** Start `n` driver processes (drive.ts) and wait until each has loaded; go() starts one and resolves with its end. */
async function startDrivers(runId: number, warmUpRunId: number, databaseUrl: string, n: number) {
  return Promise.all(
    Array.from({ length: n }, async () => {
      const child = spawn(process.execPath, ["--import", "tsx", GC_FLAG, "bench/scoring/drive.ts", String(runId), String(warmUpRunId)], {
        env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "warn" },
        stdio: ["pipe", "pipe", "inherit"],
      });
      const lines = readline.createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
      const next = async () => {
        const r = await lines.next();
        if (r.done) throw new Error("a driver process exited early");
        return r.value as string;
      };
      if ((await next()) !== "ready") throw new Error("a driver process did not start");
      return {
        go: async (): Promise<{ result: DriveResult; cpu: number }> => {
          child.stdin!.write("go\n");
          const end = JSON.parse(await next());
          await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
          return end;
        },
      };
    }),
  );
}
