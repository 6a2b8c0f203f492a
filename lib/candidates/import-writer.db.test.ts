import { systemActor } from "@/lib/audit";
import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db/client";
import { createDomain } from "@/lib/domains";
import { useMigratedDatabase } from "@/lib/testing/db";
import { createImportBatch } from "./import-batches";
import { claimImportBatch } from "./import-lifecycle";
import type { ParsedChunk } from "./import-parser";
import { copyLine, prepareStaging, writeChunk, type StagedRow } from "./import-writer";
import { promptHash } from "./normalise";
import { isSafeReason } from "./fixtures/hostile-pool";

// The writer's defence in depth: rows the parser let through but PostgreSQL refuses (here
// built by hand, bypassing the parser's checks) cost those rows only.

let domainId = 0;

beforeAll(async () => {
  await useMigratedDatabase();
  domainId = (await createDomain({ slug: "math", name: "Math" }, systemActor)).id;
});

function chunkOf(batchId: number, rows: Omit<StagedRow, "domainId" | "hash">[]): ParsedChunk {
  const staged = rows.map((r) => ({ ...r, domainId, hash: promptHash(r.prompt) }));
  const hashes = new Uint8Array(staged.length * 32);
  staged.forEach((r, i) => hashes.set(r.hash, i * 32));
  return {
    lines: staged.map((r) => copyLine(r, batchId)),
    lineNos: staged.map((r) => r.line),
    domainIds: staged.map(() => domainId),
    hashes,
    suspects: [],
    goodLines: staged.length,
    errors: [{ line: 1, reason: "invalid JSON (x)" }],
    warnings: [{ line: 3, reason: 'duplicate key "a": the last value was kept' }],
    bytesRead: 100,
    linesRead: staged.length + 1,
  };
}

const row = (line: number, extra: Partial<StagedRow> = {}) => ({
  line,
  prompt: `writer prompt ${line}`,
  answer: null,
  source: null,
  metadata: null,
  domain: null,
  ...extra,
});

describe("writeChunk", () => {
  it("finds the rows PostgreSQL refuses by bisecting, records them by line, and commits the rest", async () => {
    const { id } = await createImportBatch({ fileName: "w.jsonl", domainSlug: "math", createdBy: "t" });
    const rows = Array.from({ length: 1000 }, (_, i) => row(i + 2));
    rows[100] = row(102, { metadata: { k: "\ud800" } }); // invalid jsonb (lone surrogate)
    rows[700] = row(702, { source: "a\u0000b" }); // NUL in text
    rows[701] = row(703, { metadata: { k: "x\u0000" } }); // \u0000 in jsonb
    const client = await pool().connect();
    try {
      await prepareStaging(client);
      const claim = (await claimImportBatch(id, { kind: "cli" }, ["queued"]))!;
      const written = await writeChunk(client, id, chunkOf(id, rows), claim);
      expect(written.inserted).toBe(997);
      expect(written.rejected.map((r) => r.line)).toEqual([1, 102, 702, 703]);
      for (const r of written.rejected.slice(1)) {
        expect(r.reason).toMatch(/^PostgreSQL refused this line: /);
        expect(isSafeReason(r.reason)).toBe(true);
      }
      expect(written.warnings.map((w) => w.line)).toEqual([3]);
    } finally {
      client.release();
    }
    const { rows: b } = await pool().query("select inserted, duplicates, rejected, warnings from import_batch where id = $1", [id]);
    expect(b[0]).toEqual({ inserted: 997, duplicates: 0, rejected: 4, warnings: 1 });
    const { rows: e } = await pool().query("select line, severity from import_error where batch_id = $1 order by line", [id]);
    expect(e).toEqual([
      { line: 1, severity: "error" },
      { line: 3, severity: "warning" },
      { line: 102, severity: "error" },
      { line: 702, severity: "error" },
      { line: 703, severity: "error" },
    ]);
    const { rows: c } = await pool().query("select count(*)::int n from candidate where batch_id = $1", [id]);
    expect(c[0].n).toBe(997);
  });

  it("still fails the chunk, writing nothing, on an error that is not about a row's data", async () => {
    const { id } = await createImportBatch({ fileName: "w2.jsonl", domainSlug: "math", createdBy: "t" });
    const chunk = chunkOf(id, [row(2), row(3)]);
    chunk.lines[1] = chunk.lines[1].replace(/^\d+/, "999999"); // no such domain: a foreign-key-like check, not data
    chunk.domainIds[1] = 999999;
    const client = await pool().connect();
    try {
      const claim = (await claimImportBatch(id, { kind: "cli" }, ["queued"]))!;
      await expect(writeChunk(client, id, chunk, claim)).rejects.toThrow(/deleted while it ran/);
    } finally {
      client.release();
    }
    const { rows: c } = await pool().query("select count(*)::int n from candidate where batch_id = $1", [id]);
    expect(c[0].n).toBe(0);
  });
});
