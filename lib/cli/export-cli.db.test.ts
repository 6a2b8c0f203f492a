import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { freezeSnapshot, insertExportJob, runExportJob } from "@/lib/export";
import { accept, lead, seedScored } from "@/lib/export/test-fixtures";
import { pool } from "@/lib/db/client";
import { runEdgewise } from "@/lib/testing/cli";
import { useMigratedDatabase } from "@/lib/testing/db";

// `edgewise export`, the real binary against the test database: the same files as the web
// export (the same lib calls), recorded as an export job.
let url = "";
let snapshotId = 0;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-export-"));

const edgewise = (...args: string[]) => runEdgewise(dir, url, args);

beforeAll(async () => {
  url = await useMigratedDatabase();
  const d = await seedScored("cli-exp", 5);
  for (const id of d.ids) await accept(d.domainId, id, { sampleId: d.target.get(id), source: "sample" });
  snapshotId = (await freezeSnapshot(lead, "cli-exp")).id;
}, 60_000);

describe("edgewise export", () => {
  it("writes JSONL, the HF folder and the manifest; --json prints the manifest; same bytes as the web export", async () => {
    fs.mkdirSync(path.join(dir, "out"));
    fs.writeFileSync(path.join(dir, "out", "mine.txt"), "the user's own file");
    const r = edgewise("export", "--snapshot", String(snapshotId), "--format", "messages", "--out", "out", "--hf", "--json");
    expect(r.code, r.err).toBe(0);
    const manifest = JSON.parse(r.out);
    expect(manifest.counts.rows).toBe(5);
    expect(manifest.files.map((f: { name: string }) => f.name)).toEqual(["messages.jsonl", "data/train-00000-of-00001.parquet", "README.md"]);
    for (const f of manifest.files) {
      const bytes = fs.readFileSync(path.join(dir, "out", f.name));
      expect(crypto.createHash("sha256").update(bytes).digest("hex")).toBe(f.sha256);
    }
    expect(fs.readFileSync(path.join(dir, "out", "mine.txt"), "utf8")).toBe("the user's own file"); // --out is not emptied
    const { rows } = await pool().query("select status::text as status, out_dir from export_job order by id desc limit 1");
    expect(rows[0]).toEqual({ status: "done", out_dir: path.join(dir, "out") });

    const web = await insertExportJob(lead, { snapshotId, format: "messages", hf: true });
    const job = await runExportJob(web, { outDir: path.join(dir, "web") });
    expect(job.files.find((f) => f.name === "messages.jsonl")!.sha256).toBe(manifest.files[0].sha256);
  });

  it("bad usage exits 2 with the help; an unknown snapshot exits 1", () => {
    expect(edgewise("export", "--snapshot", "1", "--format", "nope", "--out", "x").code).toBe(2);
    expect(edgewise("export", "--snapshot", "1", "--mixture", "1", "--format", "rl", "--out", "x").code).toBe(2);
    expect(edgewise("export", "--snapshot", "1", "--format", "full", "--parquet", "--out", "x").code).toBe(2);
    expect(edgewise("export", "--snapshot", "1", "--format", "rl").code).toBe(2);
    const missing = edgewise("export", "--snapshot", "99999", "--format", "rl", "--out", "x");
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/Snapshot #99999 not found/);
  });
});
