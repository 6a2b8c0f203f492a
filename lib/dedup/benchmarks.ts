import fs from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import { z } from "zod";
import { recordAuditIn, type Actor } from "@/lib/audit";
import { fieldMappingSchema, importFormats, type FieldMapping, type ImportFormat } from "@/lib/candidates/formats";
import { saveUpload } from "@/lib/candidates/upload";
import { pool } from "@/lib/db/client";
import { inTransaction } from "@/lib/db/transaction";
import { AppError, conflict, notFound } from "@/lib/errors";
import { parseBenchmarkFile, type ParsedBenchmark } from "./benchmark-file";
import { refreshContaminated } from "./flags";

// The managed list of benchmarks (docs/decisions/0023): built-ins shipped in lib/dedup/data
// (inserted on first use, never deleted) and files leads upload. Items are stored; the n-gram
// index is built from them in memory for each pass.

const DATA = path.join(process.cwd(), "lib", "dedup", "data");

interface Builtin {
  name: string;
  file: string;
  format: ImportFormat;
  mapping?: FieldMapping;
  releaseDate: string;
  source: string;
  licence: string;
}

export const BUILTINS: Builtin[] = [
  { name: "GSM8K test", file: "gsm8k-test.jsonl", format: "gsm8k", releaseDate: "2021-10-27", source: "openai/grade-school-math, grade_school_math/data/test.jsonl (Cobbe et al., 2021)", licence: "MIT" },
  { name: "AIME 2024", file: "aime24.jsonl", format: "generic", mapping: { prompt: "problem" }, releaseDate: "2024-02-01", source: "QwenLM/Qwen2.5-Math evaluation/data/aime24 (problems © MAA)", licence: "competition problems; benchmark use only" },
  { name: "AMC 2023", file: "amc23.jsonl", format: "generic", mapping: { prompt: "problem" }, releaseDate: "2023-11-08", source: "QwenLM/Qwen2.5-Math evaluation/data/amc23 (problems © MAA)", licence: "competition problems; benchmark use only" },
  { name: "MMLU-STEM", file: "mmlu-stem.jsonl", format: "mmlu", releaseDate: "2020-09-07", source: "MMLU (Hendrycks et al., 2021) STEM subset, QwenLM/Qwen2.5-Math evaluation/data/mmlu_stem", licence: "MIT" },
  { name: "MBPP test", file: "mbpp-test.jsonl", format: "mbpp", releaseDate: "2021-08-16", source: "google-research/google-research mbpp/mbpp.jsonl, test split task_id 11–510 (Austin et al., 2021)", licence: "CC BY 4.0" },
];

export interface BenchmarkView {
  id: number;
  name: string;
  releaseDate: string | null;
  source: string | null;
  licence: string | null;
  builtin: boolean;
  itemCount: number;
  contentHash: string;
  createdBy: string;
  createdAt: Date;
  /** Candidates with a hit on it, over all domains. */
  hits: number;
}

const COLUMNS = `b.id, b.name, to_char(b.release_date, 'YYYY-MM-DD') as "releaseDate", b.source, b.licence, b.builtin,
  b.item_count as "itemCount", b.content_hash as "contentHash", b.created_by as "createdBy", b.created_at as "createdAt"`;

let builtinsReady: Promise<void> | null = null;

/** Insert the shipped benchmarks missing from the database (once per process; safe across processes). */
export function ensureBuiltinBenchmarks(): Promise<void> {
  builtinsReady ??= insertMissingBuiltins().catch((err) => {
    builtinsReady = null;
    throw err;
  });
  return builtinsReady;
}

async function insertMissingBuiltins(): Promise<void> {
  const { rows } = await pool().query<{ name: string }>("select name from benchmark where builtin");
  const have = new Set(rows.map((r) => r.name));
  for (const b of BUILTINS.filter((x) => !have.has(x.name))) {
    const parsed = await parseBenchmarkFile(path.join(DATA, b.file), b.format, b.mapping);
    if (parsed.badCount) throw new Error(`built-in benchmark ${b.file}: line ${parsed.bad[0].line}: ${parsed.bad[0].reason}`);
    await inTransaction(async (c) => {
      await c.query("select pg_advisory_xact_lock(hashtext('edgewise.benchmark.builtin'))");
      const exists = await c.query("select 1 from benchmark where name = $1", [b.name]);
      if (!exists.rowCount) await insertBenchmark(c, { ...b, builtin: true, createdBy: "edgewise" }, parsed);
    });
  }
}

type Tx = Parameters<Parameters<typeof inTransaction>[0]>[0];

async function insertBenchmark(
  c: Tx,
  meta: { name: string; releaseDate: string | null; source?: string | null; licence?: string | null; builtin: boolean; createdBy: string },
  parsed: ParsedBenchmark,
): Promise<number> {
  const { rows } = await c.query<{ id: number }>(
    `insert into benchmark (name, release_date, source, licence, builtin, item_count, content_hash, created_by)
     values ($1, $2::date, $3, $4, $5, $6, $7, $8) returning id`,
    [meta.name, meta.releaseDate, meta.source ?? null, meta.licence ?? null, meta.builtin, parsed.items.length, parsed.contentHash, meta.createdBy],
  );
  const id = rows[0].id;
  await c.query(
    `insert into benchmark_item (benchmark_id, line, prompt, answer)
     select $1, u.line, u.prompt, u.answer from unnest($2::int[], $3::text[], $4::text[]) as u(line, prompt, answer)`,
    [id, parsed.items.map((i) => i.line), parsed.items.map((i) => i.prompt), parsed.items.map((i) => i.answer)],
  );
  return id;
}

export async function listBenchmarks(): Promise<BenchmarkView[]> {
  await ensureBuiltinBenchmarks();
  const { rows } = await pool().query<BenchmarkView>(
    `select ${COLUMNS}, (select count(*)::int from contamination_hit h where h.benchmark_id = b.id) as hits
       from benchmark b order by b.builtin desc, b.name`,
  );
  return rows;
}

export async function getBenchmark(id: number): Promise<BenchmarkView> {
  const { rows } = await pool().query<BenchmarkView>(
    `select ${COLUMNS}, (select count(*)::int from contamination_hit h where h.benchmark_id = b.id) as hits from benchmark b where b.id = $1`,
    [id],
  );
  if (!rows[0]) throw notFound(`Benchmark #${id}`);
  return rows[0];
}

/** Benchmarks by name (case-insensitive); every benchmark when `names` is empty. Unknown names are refused. */
export async function resolveBenchmarks(names: string[] = []): Promise<BenchmarkView[]> {
  const all = await listBenchmarks();
  if (!names.length) return all;
  const byName = new Map(all.map((b) => [b.name.toLowerCase(), b]));
  const unknown = names.filter((n) => !byName.has(n.trim().toLowerCase()));
  if (unknown.length) throw new AppError("bad_request", `Unknown benchmark ${unknown.map((n) => `"${n}"`).join(", ")}: known are ${all.map((b) => b.name).join(", ")}`);
  return [...new Map(names.map((n) => byName.get(n.trim().toLowerCase())!).map((b) => [b.id, b])).values()];
}

/** A benchmark's name, date and how to read its file (lib/candidates formats and field mapping). */
export const benchmarkMetaSchema = z.object({
  name: z.string().trim().min(1).max(100),
  releaseDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be YYYY-MM-DD").refine((s) => !Number.isNaN(Date.parse(s)), "is not a date"),
  source: z.string().trim().max(500).optional(),
  licence: z.string().trim().max(200).optional(),
  format: z.enum(importFormats).default("generic"),
  mapping: fieldMappingSchema.optional(),
});

/** The same as query parameters of an upload (the file is the body): mapping as JSON text. */
export const benchmarkUploadSchema = benchmarkMetaSchema.extend({
  mapping: z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (!s) return undefined;
      try {
        return fieldMappingSchema.parse(JSON.parse(s));
      } catch {
        ctx.addIssue({ code: "custom", message: 'mapping must be a JSON object like {"prompt": "question"}' });
        return z.NEVER;
      }
    }),
});
export type BenchmarkUpload = z.input<typeof benchmarkMetaSchema>;

/**
 * A lead's benchmark file: every line must read as an item, else nothing is stored and the
 * error lists the bad lines (422, details.badLines).
 */
export async function uploadBenchmark(actor: Actor, meta: BenchmarkUpload, file: Readable | string): Promise<BenchmarkView> {
  const m = benchmarkMetaSchema.parse(meta);
  const parsed = await parseBenchmarkFile(file, m.format, m.mapping);
  if (parsed.badCount) {
    const shown = parsed.bad.slice(0, 5).map((b) => `line ${b.line}: ${b.reason}`).join("; ");
    throw new AppError("unprocessable", `${parsed.badCount} bad line${parsed.badCount === 1 ? "" : "s"}, nothing stored (${shown}${parsed.badCount > 5 ? "; …" : ""})`, {
      badLines: parsed.bad,
      badCount: parsed.badCount,
    });
  }
  if (!parsed.items.length) throw new AppError("unprocessable", "The file has no items");
  await ensureBuiltinBenchmarks();
  const id = await inTransaction(async (c) => {
    const taken = await c.query("select 1 from benchmark where lower(name) = lower($1)", [m.name]);
    if (taken.rowCount) throw conflict(`A benchmark named "${m.name}" exists already`);
    const id = await insertBenchmark(c, { ...m, builtin: false, createdBy: actor.email ?? actor.id ?? "unknown" }, parsed);
    await recordAuditIn(c, {
      actor,
      action: "benchmark.upload",
      target: { type: "benchmark", id },
      details: { name: m.name, releaseDate: m.releaseDate, items: parsed.items.length, format: m.format },
    });
    return id;
  });
  return getBenchmark(id);
}

/** An uploaded benchmark goes with its hits and overrides; flags are recomputed. Built-ins stay. */
export async function deleteBenchmark(actor: Actor, id: number): Promise<void> {
  const b = await getBenchmark(id);
  if (b.builtin) throw conflict(`${b.name} is built in: override it per domain instead of deleting it`);
  await inTransaction(async (c) => {
    const { rows } = await c.query<{ candidate_id: number }>("select candidate_id from contamination_hit where benchmark_id = $1", [id]);
    await c.query("delete from benchmark where id = $1", [id]);
    await refreshContaminated(rows.map((r) => r.candidate_id), c);
    await recordAuditIn(c, { actor, action: "benchmark.delete", target: { type: "benchmark", id }, details: { name: b.name, hits: rows.length } });
  });
}

/** Items of the given benchmarks, for the index. */
export async function benchmarkItems(ids: number[]): Promise<{ id: number; benchmarkId: number; prompt: string }[]> {
  const { rows } = await pool().query<{ id: number; benchmarkId: number; prompt: string }>(
    `select id, benchmark_id as "benchmarkId", prompt from benchmark_item where benchmark_id = any($1::int[]) order by benchmark_id, id`,
    [ids],
  );
  return rows;
}

/** Largest benchmark file accepted (MMLU in full is ~10 MB). */
const MAX_BENCHMARK_BYTES = 256 * 1024 * 1024;

/** An upload's raw body: streamed to disk, read, removed (POST /api/benchmarks). */
export async function uploadBenchmarkBody(actor: Actor, meta: BenchmarkUpload, body: ReadableStream<Uint8Array> | null): Promise<BenchmarkView> {
  const upload = await saveUpload(body, MAX_BENCHMARK_BYTES);
  try {
    return await uploadBenchmark(actor, meta, upload.path);
  } finally {
    fs.rmSync(upload.path, { force: true });
  }
}
