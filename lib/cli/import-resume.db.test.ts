import { systemActor } from "@/lib/audit";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnect, pool } from "@/lib/db/client";
import { createDomain } from "@/lib/domains";
import { crashPool, exited, until } from "@/lib/candidates/test-crash-fixtures";
import { useMigratedDatabase } from "@/lib/testing/db";

// `edgewise import` SIGKILLed mid-file: a worker's sweep marks the batch interrupted (nobody
// heartbeats it), and `edgewise import FILE --resume ID` finishes it from the committed point.

let url = "";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-resume-"));
const home = fs.mkdtempSync(path.join(os.tmpdir(), "cli-resume-home-"));
// Sizes: the kill lands a chunk (5,000 lines) or two past its mark (20k here, 10k below), so
// most of each file is left to resume; a kill after the end would fail the lines_read check.
const big = crashPool(100_000, "cli");
// The heap flag up front keeps bin/edgewise.mjs from re-spawning itself, so SIGKILL hits the importer.
const cli = [path.resolve("bin/edgewise.mjs")];
const node = ["--max-old-space-size=256"];
const childEnv = () => ({ ...process.env, DATABASE_URL: url, EDGEWISE_TOKEN: "", EDGEWISE_IMPORT_DEAD_SECONDS: "3", EDGEWISE_HOME: home, EDGEWISE_DEMO: "0", LOG_LEVEL: "warn", NODE_ENV: "test" as const });

const batchOf = async (fileName: string) =>
  (await pool().query("select id, status::text, lines_read, error_message from import_batch where file_name = $1 order by id desc limit 1", [fileName])).rows[0];

beforeAll(async () => {
  url = await useMigratedDatabase();
  await createDomain({ slug: "math", name: "Math" }, systemActor);
  fs.writeFileSync(path.join(dir, "big.jsonl"), big.text);
});

afterAll(() => disconnect());

describe("a killed CLI import", () => {
  it("is marked interrupted by the worker's sweep and finished exactly by --resume", async () => {
    const run: ChildProcess = spawn(process.execPath, [...node, ...cli, "import", "big.jsonl", "--domain", "math", "--json"], { cwd: dir, env: childEnv(), stdio: "ignore" });
    try {
      await until(async () => ((await batchOf("big.jsonl"))?.lines_read ?? 0) >= 20_000, 90_000, 20);
      run.kill("SIGKILL");
      await exited(run);
    } finally {
      run.kill("SIGKILL");
    }
    const killed = await batchOf("big.jsonl");
    expect(killed.status).toBe("running");
    expect(killed.lines_read).toBeLessThan(big.lines);

    const worker = spawn(process.execPath, ["--import", "tsx", "lib/jobs/worker-main.ts"], { env: childEnv(), stdio: ["ignore", "inherit", "inherit"] });
    try {
      await until(async () => (await batchOf("big.jsonl")).status !== "running", 30_000);
    } finally {
      worker.kill("SIGTERM");
      await exited(worker);
    }
    const swept = await batchOf("big.jsonl");
    expect(swept.status).toBe("interrupted");
    expect(swept.error_message).toContain(`--resume ${killed.id}`);

    const r = spawnSync(process.execPath, [...node, ...cli, "import", "big.jsonl", "--resume", String(killed.id), "--json"], { cwd: dir, env: childEnv(), encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ batchId: killed.id, read: big.lines - Math.floor(big.lines / 2003), inserted: big.unique, duplicates: big.duplicates, rejected: big.bad });
    const { rows } = await pool().query(
      `select b.status::text, b.lines_read, (select count(*)::int from candidate where batch_id = b.id) as rows,
              (select count(distinct line)::int from import_error where batch_id = b.id) as error_lines,
              (select count(*)::int from import_error where batch_id = b.id) as errors
         from import_batch b where b.id = $1`,
      [killed.id],
    );
    expect(rows[0]).toEqual({ status: "done", lines_read: big.lines, rows: big.unique, error_lines: big.bad, errors: big.bad });
  }, 240_000);

  it("--resume takes over at once when the killed import ran on this host, without any worker", async () => {
    const mid = crashPool(60_000, "cli-mid");
    fs.writeFileSync(path.join(dir, "mid.jsonl"), mid.text);
    const run = spawn(process.execPath, [...node, ...cli, "import", "mid.jsonl", "--domain", "math"], { cwd: dir, env: childEnv(), stdio: "ignore" });
    try {
      await until(async () => ((await batchOf("mid.jsonl"))?.lines_read ?? 0) >= 10_000, 90_000, 20);
      run.kill("SIGKILL");
      await exited(run);
    } finally {
      run.kill("SIGKILL");
    }
    const { id } = await batchOf("mid.jsonl");
    // Its heartbeat is seconds old (alive by the 60 s threshold), but its pid is gone here.
    const r = spawnSync(process.execPath, [...node, ...cli, "import", "mid.jsonl", "--resume", String(id), "--json"], {
      cwd: dir,
      env: { ...childEnv(), EDGEWISE_IMPORT_DEAD_SECONDS: "60" },
      encoding: "utf8",
    });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ inserted: mid.unique, duplicates: mid.duplicates, rejected: mid.bad });
  }, 240_000);

  it("Ctrl-C prints how to resume, and --resume then finishes the import exactly", async () => {
    const small = crashPool(60_000, "cli-int");
    fs.writeFileSync(path.join(dir, "int.jsonl"), small.text);
    const run = spawn(process.execPath, [...node, ...cli, "import", "int.jsonl", "--domain", "math"], { cwd: dir, env: childEnv(), stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    run.stderr!.on("data", (d) => (stderr += d));
    await until(async () => ((await batchOf("int.jsonl"))?.lines_read ?? 0) >= 10_000, 90_000, 20);
    run.kill("SIGINT");
    await exited(run);
    const b = await batchOf("int.jsonl");
    expect(run.exitCode, stderr).toBe(130);
    expect(stderr).toContain(`edgewise import int.jsonl --resume ${b.id}`);
    expect(b.lines_read).toBeLessThan(small.lines);
    const r = spawnSync(process.execPath, [...node, ...cli, "import", "int.jsonl", "--resume", String(b.id), "--json"], {
      cwd: dir,
      env: { ...childEnv(), EDGEWISE_IMPORT_DEAD_SECONDS: "60" },
      encoding: "utf8",
    });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ inserted: small.unique, duplicates: small.duplicates, rejected: small.bad });
  }, 240_000);
});
