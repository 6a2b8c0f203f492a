import { systemActor } from "@/lib/audit";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db/client";
import { createDomain } from "@/lib/domains";
import { runEdgewise } from "@/lib/testing/cli";
import { useMigratedDatabase } from "@/lib/testing/db";

// The real `edgewise` binary, as a user runs it, against the test database.
let url = "";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-"));

const edgewise = (...args: string[]) => runEdgewise(dir, url, args);

beforeAll(async () => {
  url = await useMigratedDatabase();
  await createDomain({ slug: "math", name: "Math" }, systemActor);
  fs.writeFileSync(path.join(dir, "pool.jsonl"), '{"prompt":"p1","answer":"1"}\n{"prompt":\n{"prompt":"p2"}\n');
  fs.writeFileSync(path.join(dir, "bad.jsonl"), "nope\n{}\n");
});

describe("edgewise import", () => {
  it("prints one JSON object with --json, relative paths resolved from the caller's folder", () => {
    const r = edgewise("import", "pool.jsonl", "--domain", "math", "--json");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    expect(out).toMatchObject({ read: 3, inserted: 2, duplicates: 0, rejected: 1, errors: [{ line: 2 }] });
    expect(Object.keys(out).sort()).toEqual(["batchId", "duplicates", "errors", "inserted", "read", "rejected", "warnings"]);
  });

  it("records the OS user as the batch's author, even where USER is unset (containers)", async () => {
    const env = { ...process.env };
    delete env.USER;
    delete env.USERNAME;
    fs.writeFileSync(path.join(dir, "who.jsonl"), '{"prompt":"who imported me"}\n');
    const r = spawnSync(process.execPath, [path.resolve("bin/edgewise.mjs"), "import", "who.jsonl", "--domain", "math", "--json"], {
      cwd: dir,
      env: { ...env, DATABASE_URL: url, EDGEWISE_TOKEN: "", NODE_ENV: "test" },
      encoding: "utf8",
    });
    expect(r.status).toBe(0);
    const { rows } = await pool().query("select created_by from import_batch where id = $1", [JSON.parse(r.stdout).batchId]);
    expect(rows[0].created_by).toBe(`cli (${os.userInfo().username})`);
  });

  it("succeeds when everything is already there, and says so readably", () => {
    const r = edgewise("import", "pool.jsonl", "--domain", "math");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/duplicates\s+2/);
    expect(r.out).toMatch(/line 2: invalid JSON/);
  });

  it("refuses a mapping it would ignore: an unknown field, or a format with fixed keys", () => {
    const bogus = edgewise("import", "pool.jsonl", "--domain", "math", "--map", "prompt=q,bogus=a");
    expect(bogus.code).toBe(2);
    expect(bogus.err).toContain('unknown field "bogus": map one of prompt, answer, source, domain, metadata');
    const fixed = edgewise("import", "pool.jsonl", "--domain", "math", "--format", "gsm8k", "--map", "prompt=q");
    expect(fixed.code).toBe(2);
    expect(fixed.err).toContain("field mapping applies to the generic format only");
  });

  it("says plainly when the server it was pointed at cannot be reached", () => {
    const r = edgewise("import", "pool.jsonl", "--domain", "math", "--url", "http://127.0.0.1:59999", "--token", "ew_x");
    expect(r.code).toBe(1);
    expect(r.err).toContain("cannot reach the Edgewise server at http://127.0.0.1:59999 (ECONNREFUSED)");
  });

  it("exits 1 when nothing could be imported", () => {
    const r = edgewise("import", "bad.jsonl", "--domain", "math", "--json");
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ inserted: 0, rejected: 2 });
    expect(r.err).not.toContain("hint:");
  });

  it("after a generic import that kept nothing, names the flags that read the file (stdout stays one JSON object)", () => {
    fs.writeFileSync(path.join(dir, "aime.jsonl"), '{"id":1,"problem":"Find x.","answer":204}\n{"id":2,"problem":"Find y.","answer":"7"}\n');
    const mapped = edgewise("import", "aime.jsonl", "--domain", "math", "--json");
    expect(mapped.code).toBe(1);
    expect(JSON.parse(mapped.out)).toMatchObject({ inserted: 0, rejected: 2 });
    expect(mapped.err).toContain('hint: its lines have no "prompt" but have "problem" and "answer": run again with --map prompt=problem,answer=answer');
    fs.writeFileSync(path.join(dir, "sft.jsonl"), JSON.stringify({ messages: [{ role: "user", content: "2+2?" }, { role: "assistant", content: "\\boxed{4}" }] }) + "\n");
    const chat = edgewise("import", "sft.jsonl", "--domain", "math");
    expect(chat.code).toBe(1);
    expect(chat.err).toContain("run again with --format chat");
    const again = edgewise("import", "sft.jsonl", "--domain", "math", "--format", "chat", "--json");
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({ inserted: 1, rejected: 0 });
  });

  it("exits 1 with a clear message for an unknown domain, 2 for bad usage", () => {
    const unknown = edgewise("import", "pool.jsonl", "--domain", "nope");
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/Domain "nope" not found/);
    const usage = edgewise("import", "pool.jsonl", "--format", "csv");
    expect(usage.code).toBe(2);
    expect(usage.err).toMatch(/--format/);
  });
});
