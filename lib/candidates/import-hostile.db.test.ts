import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/audit";
import { createApiToken } from "@/lib/auth/tokens";
import { createUser } from "@/lib/auth/users";
import { pool } from "@/lib/db/client";
import { createDomain } from "@/lib/domains";
import { stopBoss } from "@/lib/jobs/boss";
import { useMigratedDatabase } from "@/lib/testing/db";
import { hostilePool, isSafeReason } from "./fixtures/hostile-pool";
import { importFile, runImportBatch } from "./import";

// Issue 8, item 1: one hostile line among 20,000 good ones must cost that line only — through
// the importer itself, the CLI and the HTTP upload (gzip-compressed there).

const hostile = hostilePool();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hostile-"));
const file = path.join(dir, "hostile.jsonl");
let url = "";

beforeAll(async () => {
  url = await useMigratedDatabase();
  fs.writeFileSync(file, hostile.body);
  for (const slug of ["math", "viacli", "viaapi"]) await createDomain({ slug, name: slug }, systemActor);
});

afterAll(async () => {
  await stopBoss();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function expectOnlyHostileLinesRejected(batchId: number, bytesTotal: number) {
  const { rows: batches } = await pool().query(
    "select status, error_message, lines_read, bytes_read, inserted, duplicates, rejected from import_batch where id = $1",
    [batchId],
  );
  const b = batches[0];
  expect({ status: b.status, error: b.error_message }).toEqual({ status: "done", error: null });
  expect({ inserted: b.inserted, duplicates: b.duplicates, rejected: b.rejected }).toEqual({
    inserted: hostile.goodPrompts.length,
    duplicates: 0,
    rejected: hostile.hostile.length,
  });
  expect(b.lines_read).toBe(hostile.lines);
  expect(b.inserted + b.duplicates + b.rejected).toBe(hostile.lines);
  expect(Number(b.bytes_read)).toBe(bytesTotal);

  const { rows: errors } = await pool().query<{ line: number; reason: string; severity: string }>(
    "select line, reason, severity from import_error where batch_id = $1 order by line",
    [batchId],
  );
  const rejected = errors.filter((e) => e.severity === "error");
  expect(rejected.map((e) => e.line)).toEqual(hostile.hostile.map((h) => h.line).sort((a, b) => a - b));
  for (const h of hostile.hostile) {
    const e = rejected.find((r) => r.line === h.line)!;
    expect(e.reason, `line ${h.line} (${h.kind})`).toMatch(h.reason);
    expect(isSafeReason(e.reason), `line ${h.line} (${h.kind}): ${JSON.stringify(e.reason)}`).toBe(true);
  }
  const warnings = errors.filter((e) => e.severity === "warning");
  expect(warnings.map((w) => w.line)).toEqual(hostile.warned);
  expect(warnings[0].reason).toMatch(/duplicate key "prompt"/);

  const { rows: kept } = await pool().query<{ prompt: string }>("select prompt from candidate where batch_id = $1", [batchId]);
  expect(kept.length).toBe(hostile.goodPrompts.length);
  expect(kept.map((r) => r.prompt).sort()).toEqual([...hostile.goodPrompts].sort());
}

let token = "";
async function upload(fileName: string, domain: string, body: Buffer) {
  if (!token) {
    const u = await createUser(systemActor, { email: "lead@hostile.test", name: "lead", role: "lead" });
    token = (await createApiToken({ userId: u.id, email: u.email, name: "lead", role: "lead", via: "session" }, { name: "t" })).token;
  }
  const { POST } = await import("@/app/api/imports/route");
  return POST(
    new NextRequest(`http://localhost:3000/api/imports?fileName=${fileName}&domain=${domain}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/octet-stream" },
      body,
      duplex: "half",
    } as never),
    { params: Promise.resolve({}) },
  );
}

const batchCount = async () => Number((await pool().query("select count(*) n from import_batch")).rows[0].n);

describe("a pool with every kind of hostile line among 20,000 good ones", () => {
  it("through the importer: rejects each hostile line by number, keeps every good line once", async () => {
    const s = await importFile(file, { domainSlug: "math", createdBy: "test" });
    await expectOnlyHostileLinesRejected(s.batchId, hostile.body.length);
    expect(s).toMatchObject({ read: hostile.lines, inserted: hostile.goodPrompts.length, duplicates: 0, rejected: hostile.hostile.length });
  });

  it("through the CLI: the same, and the summary it prints is safe for a terminal", async () => {
    const r = spawnSync(process.execPath, [path.resolve("bin/edgewise.mjs"), "import", file, "--domain", "viacli"], {
      env: { ...process.env, DATABASE_URL: url, EDGEWISE_TOKEN: "", NODE_ENV: "test" },
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
    expect(r.stdout).toMatch(/line 1000: "source" contains a NUL/);
    expect(r.stdout).toMatch(/warnings {4}1 {2}\(lines kept\)\n {4}line 15000: duplicate key "prompt": the last value was kept/);
    const batchId = Number(/as batch #(\d+)/.exec(r.stdout)?.[1]);
    await expectOnlyHostileLinesRejected(batchId, hostile.body.length);
  });

  it("through the HTTP upload, gzip-compressed, and the worker's job", async () => {
    const gz = zlib.gzipSync(hostile.body);
    const res = await upload("hostile.jsonl.gz", "viaapi", gz);
    expect(res.status).toBe(200);
    const { batchId } = (await res.json()) as { batchId: number };
    await runImportBatch(batchId); // what the worker's import.run job does
    await expectOnlyHostileLinesRejected(batchId, gz.length);
  });
});

describe("files that are not JSONL", () => {
  it("the CLI refuses a zip in one sentence, before making a batch; takes a .jsonl.gz", async () => {
    const zip = path.join(dir, "pool.zip");
    fs.writeFileSync(zip, Buffer.concat([Buffer.from("504b0304", "hex"), Buffer.alloc(3000, 0x41)]));
    const before = await batchCount();
    const cli = (f: string) =>
      spawnSync(process.execPath, [path.resolve("bin/edgewise.mjs"), "import", f, "--domain", "viacli", "--json"], {
        env: { ...process.env, DATABASE_URL: url, EDGEWISE_TOKEN: "", NODE_ENV: "test" },
        encoding: "utf8",
      });
    const refused = cli(zip);
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim()).toBe("edgewise import: The file is a zip archive, not JSONL: extract the .jsonl file and import that");
    expect(await batchCount()).toBe(before);

    const gz = path.join(dir, "small.jsonl.gz");
    fs.writeFileSync(gz, zlib.gzipSync('{"prompt":"gz one"}\n{"prompt":"gz two"}\n'));
    const ok = cli(gz);
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ read: 2, inserted: 2, rejected: 0 });
  });

  it("the upload answers 400 for a Parquet file and keeps nothing of it", async () => {
    const before = await batchCount();
    const res = await upload("pool.parquet", "viaapi", Buffer.concat([Buffer.from("PAR1"), Buffer.alloc(5000, 0)]));
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toBe("The file is a Parquet file, not JSONL: convert it to JSONL first");
    expect(await batchCount()).toBe(before);
  });

  it("an import that meets one anyway (a file changed after upload) fails with that sentence", async () => {
    const xz = path.join(dir, "pool.jsonl.xz");
    fs.writeFileSync(xz, Buffer.from("fd377a585a000004e6d6b446", "hex"));
    await expect(importFile(xz, { domainSlug: "math", createdBy: "test" })).rejects.toMatchObject({ code: "bad_request" });
    const { rows } = await pool().query("select status, error_message, lines_read from import_batch order by id desc limit 1");
    expect(rows[0]).toEqual({ status: "failed", error_message: "The file is xz-compressed, not JSONL: decompress it first (xz -d) or use gzip", lines_read: 0 });
  });
});
