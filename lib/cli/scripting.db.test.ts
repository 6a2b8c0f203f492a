import { execFile, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { apiRoutes } from "@/app/api/route-index";
import { systemActor } from "@/lib/audit";
import { createApiToken } from "@/lib/auth/tokens";
import { createUser } from "@/lib/auth/users";
import { createEndpoint } from "@/lib/models/endpoints";
import { startSimulator, type Simulator } from "@/lib/models/simulator";
import { useMigratedDatabase } from "@/lib/testing/db";
import { serveRoutes, type RouteTable } from "@/lib/testing/route-server";
import { exited, spawnWorker } from "@/lib/testing/worker-process";

// The README's "Scripting Edgewise" loop, run for real: docs/scripting/loop.sh (the edgewise
// CLI with a token) and docs/scripting/loop.py (Python requests) against every app/api route
// behind a real HTTP server, a real worker process and the model simulator. Each script goes
// domain → import → run → wait → review → snapshot → export and must leave the files.

// Uploads and exports go under EDGEWISE_HOME: this file's own, shared with its worker (set
// before lib/env is read).
const home = vi.hoisted(() => {
  const dir = `${process.env.TMPDIR ?? "/tmp"}/edgewise-scripting-${process.pid}`;
  process.env.EDGEWISE_HOME = dir;
  return dir;
});

const run = promisify(execFile);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scripting-"));
let sim: Simulator;
let server: { url: string; close: () => Promise<void> };
let worker: ChildProcess;
let token = "";

beforeAll(async () => {
  fs.mkdirSync(home, { recursive: true });
  const url = await useMigratedDatabase();
  sim = await startSimulator({ seed: 5 }); // knows the demo GSM8K items' answers
  await createEndpoint({ name: "Sim target", baseUrl: sim.url, model: "sim-target", roles: ["target"] }, systemActor);
  const lead = await createUser(systemActor, { email: "lead@scripting.test", name: "Lead", role: "lead" });
  token = (await createApiToken({ userId: lead.id, email: lead.email, name: "Lead", role: "lead", via: "session" }, { name: "scripts" })).token;
  server = await serveRoutes(apiRoutes as unknown as RouteTable);
  worker = spawnWorker(url, home);
  // Twelve GSM8K items: the whole pool is the exploration sample, so the outcome is fixed.
  const lines = fs.readFileSync("lib/demo/data/gsm8k.sample.jsonl", "utf8").split("\n").slice(0, 12);
  fs.writeFileSync(path.join(dir, "pool.jsonl"), lines.join("\n") + "\n");
});

afterAll(async () => {
  worker?.kill("SIGTERM");
  if (worker) await exited(worker);
  await server?.close();
  await sim?.close();
});

const env = (domain: string, out: string) => ({
  ...process.env,
  EDGEWISE_URL: server.url,
  EDGEWISE_TOKEN: token,
  EDGEWISE: `${process.execPath} ${path.resolve("bin/edgewise.mjs")}`,
  ENDPOINT: "Sim target",
  DOMAIN: domain,
  FORMAT: "gsm8k",
  SAMPLE: "12",
  K: "4",
  OUT: out,
  NODE_ENV: "test" as const,
});

function exported(out: string) {
  const manifest = JSON.parse(fs.readFileSync(path.join(out, "manifest.json"), "utf8"));
  const rows = fs.readFileSync(path.join(out, "messages.jsonl"), "utf8").trim().split("\n");
  return { manifest, rows };
}

describe("Scripting Edgewise (README)", () => {
  it("docs/scripting/loop.sh: domain → import → run → wait → review → snapshot → export with the CLI", async () => {
    const out = path.join(dir, "out-sh");
    const r = await run("bash", [path.resolve("docs/scripting/loop.sh"), "pool.jsonl"], { cwd: dir, env: env("algebra", out), timeout: 400_000 }).catch((e) => e);
    expect(r.code ?? 0, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/run #\d+ done/);
    const { manifest, rows } = exported(out);
    expect(manifest.counts.rows).toBeGreaterThan(0);
    expect(rows).toHaveLength(manifest.counts.rows);
    expect(manifest.domains[0]).toMatchObject({ domain: "algebra" });
    expect(JSON.parse(rows[0]).messages[1].role).toBe("assistant");
  }, 420_000);

  const python = spawnSync("python3", ["-c", "import requests"], { encoding: "utf8" });
  it.skipIf(python.status !== 0)(
    `docs/scripting/loop.py: the same loop over HTTP with Python requests${python.status !== 0 ? " — SKIPPED: python3 with the requests package is not installed" : ""}`,
    async () => {
      const out = path.join(dir, "out-py");
      const r = await run("python3", [path.resolve("docs/scripting/loop.py"), "pool.jsonl", "Sim target"], { cwd: dir, env: env("geometry", out), timeout: 400_000 }).catch((e) => e);
      expect(r.code ?? 0, `${r.stdout}\n${r.stderr}`).toBe(0);
      const { manifest, rows } = exported(out);
      expect(manifest.counts.rows).toBeGreaterThan(0);
      expect(rows).toHaveLength(manifest.counts.rows);
      expect(manifest.domains[0]).toMatchObject({ domain: "geometry" });
    },
    420_000,
  );
});
