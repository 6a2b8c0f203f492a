import { systemActor } from "@/lib/audit";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnect, pool } from "@/lib/db/client";
import { createDomain } from "@/lib/domains";
import { stopBoss } from "@/lib/jobs/boss";
import { enqueue } from "@/lib/jobs/enqueue";
import { useMigratedDatabase } from "@/lib/testing/db";
import { createImportBatch } from "./import";
import { crashPool, exited, until } from "./test-crash-fixtures";

// The real worker process (`npm run worker`) SIGKILLed in the middle of a browser-upload
// import, then started again: the import resumes from its last committed chunk.

let url = "";
const home = fs.mkdtempSync(path.join(os.tmpdir(), "import-crash-home-"));
const uploads = path.join(home, "uploads");
// 100k lines (20 chunks of 5,000): the kill lands a chunk or two past 20k, so most of the
// file is left to resume; a kill after the end would fail the lines_read check, not pass.
const pool_ = crashPool(100_000, "worker");

function startWorker(): ChildProcess {
  // node --import tsx (not the tsx CLI, whose child would survive a SIGKILL of the wrapper).
  return spawn(process.execPath, ["--import", "tsx", "lib/jobs/worker-main.ts"], {
    // A dead import is one whose heartbeat is 3 s old here (60 s in production).
    env: { ...process.env, DATABASE_URL: url, EDGEWISE_IMPORT_DEAD_SECONDS: "3", EDGEWISE_DEMO: "0", EDGEWISE_HOME: home, LOG_LEVEL: "warn", NODE_ENV: "test" },
    stdio: ["ignore", "inherit", "inherit"],
  });
}

const batchRow = async (id: number) =>
  (await pool().query("select status::text, lines_read, inserted, duplicates, rejected, upload_path, runner from import_batch where id = $1", [id])).rows[0];

beforeAll(async () => {
  url = await useMigratedDatabase();
  await createDomain({ slug: "crash", name: "Crash" }, systemActor);
  fs.mkdirSync(uploads, { recursive: true });
});

afterAll(async () => {
  await stopBoss();
  await disconnect();
});

describe("a worker killed mid-import", () => {
  it("SIGKILL, restart: the import resumes and every good line is counted exactly once", async () => {
    const file = path.join(uploads, "crash.jsonl");
    fs.writeFileSync(file, pool_.text);
    const { id } = await createImportBatch({ fileName: "crash.jsonl", domainSlug: "crash", createdBy: "test", uploadPath: file, bytesTotal: fs.statSync(file).size });
    await enqueue("import.run", { batchId: id });

    const first = startWorker();
    try {
      await until(async () => (await batchRow(id)).lines_read >= 20_000, 90_000, 20);
      first.kill("SIGKILL");
      await exited(first);
    } finally {
      first.kill("SIGKILL");
    }
    const midway = await batchRow(id);
    expect(midway.status).toBe("running");
    expect(midway.lines_read).toBeLessThan(pool_.lines);

    const second = startWorker();
    try {
      // Finished: a final status, and (when done) the upload removed right after.
      await until(async () => {
        const b = await batchRow(id);
        return ["failed", "cancelled", "interrupted"].includes(b.status) || (b.status === "done" && b.upload_path === null);
      }, 90_000);
    } finally {
      second.kill("SIGTERM");
      await exited(second);
    }
    const done = await batchRow(id);
    expect(done).toMatchObject({ status: "done", lines_read: pool_.lines, inserted: pool_.unique, duplicates: pool_.duplicates, rejected: pool_.bad });
    const { rows } = await pool().query(
      `select (select count(*)::int from candidate where batch_id = $1) as rows,
              (select count(*)::int from import_error where batch_id = $1) as errors,
              (select count(distinct line)::int from import_error where batch_id = $1) as error_lines,
              (select count(*)::int from import_batch where status = 'running') as running`,
      [id],
    );
    expect(rows[0]).toEqual({ rows: pool_.unique, errors: pool_.bad, error_lines: pool_.bad, running: 0 });
    expect(fs.existsSync(file)).toBe(false); // a finished import's upload is removed
    expect(done.upload_path).toBeNull();
    expect(done.runner).toBe(`worker pid ${second.pid} on ${os.hostname()}`); // the second worker finished it
  }, 240_000);
});
