import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/audit";
import { disconnect, pool } from "@/lib/db/client";
import { createDomain } from "@/lib/domains";
import { useMigratedDatabase } from "@/lib/testing/db";
import { copyLines, copyLinesSql } from "./copy-lines";
import { toExportRow } from "./export-source";
import { formatLine, type ExportFormat } from "./formats";
import { snapshotRows } from "./rows";
import { runExport, type ExportOptions } from "./run-export";
import { prepareExport, type ExportTarget } from "./export-source";
import { createMixture } from "./mixtures";

// Pins copy-lines.ts's SQL lines to the formats' record functions (formats/): PostgreSQL's
// JSON must be JSON.stringify's, byte for byte, for any text a snapshot can hold.

// Every character below U+0020, DEL, the two bytes COPY's CSV options use, quotes and
// backslashes in every arrangement, line and paragraph separators, astral characters, a
// COPY end marker, markup, and long text.
const controls = Array.from({ length: 31 }, (_, i) => String.fromCharCode(i + 1)).join("");
const hostile = [
  `plain ${controls} end`,
  'quote " and \\ backslash \\" \\\\ \\n literal',
  "\\.",
  "\r\n\tCRLF\u007f DEL \u0085 NEL",
  "\u2028 line \u2029 paragraph",
  "emoji 🧪 and 𝔸 and 中文 and é",
  "</script><script>alert(1)</script>",
  "\x01\x02 the CSV options' bytes",
  "x".repeat(70_000),
  " ",
];

let snapshotId = 0;
let otherSnapshotId = 0;
const domain = "pin";
const out = fs.mkdtempSync(path.join(os.tmpdir(), "copy-lines-"));

/** A snapshot of `slug` holding these items (set-based: what freezing would have written). */
async function snapshotOf(slug: string, prompts: string[], responses: (string | null)[]): Promise<number> {
  const d = await createDomain({ slug, name: slug }, systemActor);
  const { rows } = await pool().query<{ id: number }>(
    `insert into domain_snapshot (domain_id, version, created_by, band_low, band_high, settings, runs, counts, item_count, token_estimate, content_hash)
     values ($1, 1, 'test', 0.1, 0.9, '{}', '[]', '{}', $2, 0, 'test') returning id`,
    [d.id, prompts.length],
  );
  await pool().query(
    `insert into snapshot_item (snapshot_id, candidate_id, prompt, reference_answer, response_text, response_source, verifier_kind,
        band, token_estimate, item_hash, response_hash)
     select $1, n, p, '42', r, case when r is null then 'none' else 'sample' end, 'math',
            (array['teachable', 'too_easy', 'too_hard', null])[1 + n % 4]::"Band", 1, sha256(convert_to('i' || n, 'UTF8')), sha256(convert_to('r' || n, 'UTF8'))
       from unnest($2::text[], $3::text[]) with ordinality as t(p, r, n)`,
    [rows[0].id, prompts, responses],
  );
  return rows[0].id;
}

beforeAll(async () => {
  await useMigratedDatabase();
  // Each hostile prompt with each hostile response; two items without a response (skipped);
  // bands of every kind, and none.
  const prompts: string[] = [];
  const responses: (string | null)[] = [];
  for (const p of hostile) for (const r of hostile) (prompts.push(p), responses.push(r));
  prompts.push("no response", "no response either");
  responses.push(null, null);
  snapshotId = await snapshotOf(domain, prompts, responses);
  otherSnapshotId = await snapshotOf("other", hostile, [...hostile.slice(1), null]);
});

afterAll(async () => {
  await disconnect();
  fs.rmSync(out, { recursive: true, force: true });
});

async function rowLines(format: ExportFormat): Promise<string[]> {
  const lines: string[] = [];
  for await (const r of snapshotRows(snapshotId)) {
    const line = formatLine(format, toExportRow(r, false));
    if (line !== null) lines.push(line);
  }
  return lines;
}

async function copiedText(format: ExportFormat): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of (await copyLines({ snapshotId, domain }, format)).chunks()) parts.push(c);
  return Buffer.concat(parts).toString("utf8");
}

describe("copy-lines: PostgreSQL's JSONL lines", () => {
  for (const format of ["messages", "prompt-completion"] as const) {
    it(`${format}: every line is formatLine's, byte for byte, in candidate order`, async () => {
      const want = await rowLines(format);
      expect(want.length).toBe(hostile.length * hostile.length);
      expect(await copiedText(format)).toBe(want.join(""));
    });
  }

  it("counts what runExport counts: rows, skipped, per domain and band", async () => {
    const { counts } = await copyLines({ snapshotId, domain }, "messages");
    const n = hostile.length * hostile.length;
    expect(counts.rows).toBe(n);
    expect(counts.skipped).toBe(2);
    expect(counts.perDomain).toEqual({ [domain]: n });
    expect(Object.values(counts.bands).reduce((a, b) => a + b, 0)).toBe(n);
    expect(Object.keys(counts.bands).sort()).toEqual(["none", "teachable", "too_easy", "too_hard"]);
  });

  /** Export `target` through PostgreSQL's lines and through the rows; both must agree. */
  async function bothPaths(target: ExportTarget, format: ExportFormat, name: string, shuffleSeed?: number) {
    const prepared = await prepareExport(target, format, shuffleSeed);
    expect(prepared.lines).toBeDefined();
    const base: Omit<ExportOptions, "outDir"> = { format, createdBy: "test", source: prepared.source, rows: prepared.rows };
    const viaCopy = await runExport({ ...base, outDir: path.join(out, name, "copy"), lines: prepared.lines });
    const viaRows = await runExport({ ...base, outDir: path.join(out, name, "rows"), rows: (await prepareExport(target, format, shuffleSeed)).rows });
    expect(viaCopy.files[0].sha256).toBe(viaRows.files[0].sha256);
    expect(viaCopy.counts).toEqual(viaRows.counts);
    const file = fs.readFileSync(path.join(out, name, "copy", `${format}.jsonl`));
    expect(crypto.createHash("sha256").update(file).digest("hex")).toBe(viaCopy.files[0].sha256);
    return viaCopy;
  }

  it("the export writes the same file and manifest counts through either path", async () => {
    await bothPaths({ snapshotId }, "messages", "snapshot");
  });

  it("a mixture in epochs mode, in order and shuffled: the same file and counts through either path", async () => {
    const mix = await createMixture(systemActor, {
      name: "pin-mix",
      mode: "epochs",
      entries: [
        { snapshotId, epochs: 2 },
        { snapshotId: otherSnapshotId, epochs: 1 },
      ],
    });
    const ordered = await bothPaths({ mixtureId: mix.id }, "prompt-completion", "mix");
    expect(ordered.counts.rows).toBe(2 * hostile.length * hostile.length + hostile.length - 1);
    expect(ordered.counts.per_domain).toEqual({ [domain]: 2 * hostile.length * hostile.length, other: hostile.length - 1 });
    expect(ordered.counts.skipped).toBe(2 * 2 + 1);
    const shuffled = await bothPaths({ mixtureId: mix.id }, "messages", "mix-shuffled", 7);
    expect(shuffled.counts.rows).toBe(ordered.counts.rows);
  });

  it("a weighted mixture prints numbers: it stays on the row path", async () => {
    const mix = await createMixture(systemActor, { name: "pin-w", mode: "weights", entries: [{ snapshotId, weight: 0.5 }] });
    expect((await prepareExport({ mixtureId: mix.id }, "messages")).lines).toBeUndefined();
  });

  it("a consumer that stops early gives the connection back and the pool carries on", async () => {
    for await (const _ of (await copyLines({ snapshotId, domain }, "messages")).chunks()) break;
    expect((await pool().query("select 1 as one")).rows[0].one).toBe(1);
  });

  it("formats without a SQL twin have no lines", async () => {
    expect((await prepareExport({ snapshotId }, "rl")).lines).toBeUndefined();
    expect(() => copyLinesSql({ snapshotId, domain }, "full")).toThrow();
  });
});
