import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from "hyparquet";
import { afterAll, describe, expect, it } from "vitest";
import type { ExportRow } from "./formats";
import { runExport, type ExportSource } from "./run-export";

const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "export-"));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function row(i: number): ExportRow {
  return {
    candidateId: i + 1,
    domain: i % 3 === 0 ? "code" : "math",
    prompt: `Q${i}: what is ${i}+1?\nexplain`,
    referenceAnswer: i % 10 === 9 ? null : String(i + 1),
    response: i % 7 === 6 ? null : { text: `answer ${i + 1} ✓`, source: "sample", sampleId: String(i) },
    passRate: i % 4 === 0 ? null : 0.5,
    ciLow: 0.2,
    ciHigh: 0.8,
    k: 8,
    passes: 4,
    band: i % 2 ? "teachable" : "too_hard",
    judgeScore: null,
    verifierKind: "math",
    metadata: null,
    source: "t",
    runId: 1,
    preference: i % 5 === 0 ? null : { chosen: `${i + 1}`, rejected: `${i}` },
  };
}

async function* rows(n: number, weight?: number): AsyncGenerator<ExportRow> {
  for (let i = 0; i < n; i++) yield weight === undefined ? row(i) : { ...row(i), weight };
}

const source = (mixing: ExportSource["mixing"] = null): ExportSource => ({
  snapshotIds: [3],
  mixtureId: null,
  title: "test",
  domains: [{ slug: "math" }],
  models: [],
  runs: [1],
  reviewers: ["r@x"],
  filters: null,
  mixing,
  shuffleSeed: null,
});

const sha = (f: string) => crypto.createHash("sha256").update(fs.readFileSync(f)).digest("hex");
const lines = (f: string) => fs.readFileSync(f, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));

describe("runExport", () => {
  it("messages + HF folder: JSONL and Parquet hold the same records, hashes and counts match the files", async () => {
    const out = tmp();
    const progress: number[] = [];
    const m = await runExport({
      format: "messages",
      outDir: out,
      hf: true,
      createdBy: "lead@x",
      source: source(),
      rows: rows(250),
      rowGroupRows: 64,
      progressEvery: 100,
      onProgress: (n) => void progress.push(n),
    });
    const expected = Array.from({ length: 250 }, (_, i) => i).filter((i) => i % 7 !== 6);
    expect(m.counts.rows).toBe(expected.length);
    expect(m.counts.skipped).toBe(250 - expected.length);
    expect(m.counts.skipped_reason).toBe("no chosen response");
    expect(m.counts.per_domain).toEqual({
      code: expected.filter((i) => i % 3 === 0).length,
      math: expected.filter((i) => i % 3 !== 0).length,
    });
    expect(progress).toEqual([100, 200, 250]);
    expect(m.files.map((f) => f.name)).toEqual(["messages.jsonl", "data/train-00000-of-00001.parquet", "README.md"]);
    for (const f of m.files) {
      expect(sha(path.join(out, f.name)), f.name).toBe(f.sha256);
      expect(fs.statSync(path.join(out, f.name)).size).toBe(f.bytes);
    }
    expect(JSON.parse(fs.readFileSync(path.join(out, "manifest.json"), "utf8"))).toEqual(m);

    const jsonl = lines(path.join(out, "messages.jsonl"));
    expect(jsonl.map((r) => r.messages[1].content)).toEqual(expected.map((i) => `answer ${i + 1} ✓`));

    const file = await asyncBufferFromFile(path.join(out, "data/train-00000-of-00001.parquet"));
    const meta = await parquetMetadataAsync(file);
    expect(meta.row_groups.length).toBe(Math.ceil(expected.length / 64)); // written a group at a time
    const table = await parquetReadObjects({ file });
    expect(table).toEqual(jsonl);

    const card = fs.readFileSync(path.join(out, "README.md"), "utf8");
    expect(card).toMatch(/^---\nconfigs:\n- config_name: default\n {2}data_files:\n {2}- split: train\n {4}path: data\/train-\*/);
    expect(card).toContain(`num_examples: ${expected.length}`);
  });

  it("rl Parquet keeps nested structs and nulls; a weighted mixture adds the weight column", async () => {
    const out = tmp();
    const m = await runExport({ format: "rl", outDir: out, parquet: true, createdBy: "x", source: source("weights"), rows: rows(40, 0.5), rowGroupRows: 16 });
    expect(m.counts.rows).toBe(36); // every 10th row has no reference
    expect(m.files.map((f) => f.name)).toEqual(["rl.jsonl", "rl.parquet"]);
    const jsonl = lines(path.join(out, "rl.jsonl"));
    const table = await parquetReadObjects({ file: await asyncBufferFromFile(path.join(out, "rl.parquet")) });
    expect(table).toEqual(jsonl);
    expect(table[0]).toMatchObject({ ability: "code", reward_model: { style: "rule", ground_truth: "1" }, weight: 0.5 });
    expect(table[0].extra_info.pass_rate).toBeNull();
  });

  it("every format: each line parses back, skipped rows counted with their reason", async () => {
    const want = { messages: 0, "prompt-completion": 0, rl: 0, preference: 0, full: 0 };
    for (const format of Object.keys(want) as (keyof typeof want)[]) {
      const out = tmp();
      const m = await runExport({ format, outDir: out, createdBy: "x", source: source(), rows: rows(70) });
      const parsed = lines(path.join(out, `${format}.jsonl`));
      expect(parsed.length, format).toBe(m.counts.rows);
      expect(m.counts.rows + m.counts.skipped, format).toBe(70);
      want[format] = m.counts.skipped;
    }
    expect(want).toEqual({ messages: 10, "prompt-completion": 10, rl: 7, preference: 14, full: 0 });
  });

  it("refuses Parquet for a format without a table layout", async () => {
    await expect(runExport({ format: "full", outDir: tmp(), parquet: true, createdBy: "x", source: source(), rows: rows(1) })).rejects.toThrow(/Parquet/);
  });

  it("a failing row source fails the export (no manifest: the export is not done)", async () => {
    const out = tmp();
    async function* broken() {
      yield row(0);
      throw new Error("row source died");
    }
    await expect(runExport({ format: "messages", outDir: out, createdBy: "x", source: source(), rows: broken() })).rejects.toThrow("row source died");
    expect(fs.existsSync(path.join(out, "manifest.json"))).toBe(false);
  });
});
