import fs from "node:fs";
import path from "node:path";
import type { CopyLines } from "./copy-lines";
import { FileSink, LineBuffer } from "./file-sink";
import type { WrittenFile } from "./job-view";
import { formats, type ExportFormat, type ExportRow } from "./formats";
import { datasetCard, HF_PARQUET } from "./hf-card";
import { ParquetOut } from "./parquet";
import { edgewiseVersion } from "./version";

// Writes one export from an async iterator of rows, streaming: a row is formatted, hashed,
// written (waiting on the disk when its buffer is full) and forgotten. Counts and hashes are
// computed on the way; the manifest is written last. Memory holds one Parquet row group and
// one 256 KB line buffer, whatever the size of the export.

export interface ExportSource {
  /** What the rows are: a snapshot or a mixture, written into the manifest as given. */
  snapshotIds: number[];
  mixtureId: number | null;
  title: string;
  /** Per domain: snapshot, band, epochs or weight… (from the snapshot / mixture). */
  domains: Record<string, unknown>[];
  models: unknown[];
  runs: number[];
  reviewers: string[];
  filters: unknown;
  /** "epochs": rows repeat; "weights": every row carries a weight field; null: a snapshot. */
  mixing: "epochs" | "weights" | null;
  shuffleSeed: number | null;
  /** Per snapshot: the benchmarks and n-gram rule its domain was checked with (lib/dedup). */
  decontamination?: unknown[];
}

export interface ExportOptions {
  format: ExportFormat;
  outDir: string;
  /** Also write Parquet (`messages` and `rl` only). */
  parquet?: boolean;
  /** Lay the folder out as a Hugging Face dataset (implies Parquet). */
  hf?: boolean;
  createdBy: string;
  source: ExportSource;
  rows: AsyncIterable<ExportRow>;
  /** The same lines written by PostgreSQL (copy-lines.ts): used instead of `rows` when no Parquet is asked. */
  lines?: CopyLines;
  /** Called every `progressEvery` rows read, and at the end. */
  onProgress?: (rowsRead: number) => Promise<void> | void;
  progressEvery?: number;
  /** Rows per Parquet row group (tests use small groups to cover several). */
  rowGroupRows?: number;
}

export interface Manifest {
  edgewise_version: string;
  created_by: string;
  created_at: string;
  format: ExportFormat;
  snapshot_ids: number[];
  mixture_id: number | null;
  mixing: ExportSource["mixing"];
  shuffle_seed: number | null;
  counts: {
    rows: number;
    skipped: number;
    skipped_reason: string | null;
    per_domain: Record<string, number>;
    bands: Record<string, number>;
  };
  domains: Record<string, unknown>[];
  models: unknown[];
  runs: number[];
  reviewers: string[];
  filters: unknown;
  /** Which benchmarks each snapshot's domain was checked against, with which rule (lib/dedup). */
  decontamination: unknown[];
  files: WrittenFile[];
}

export const MANIFEST = "manifest.json";

export function exportFileNames(format: ExportFormat, o: { parquet?: boolean; hf?: boolean }): string[] {
  const names = [`${format}.jsonl`];
  if (o.hf) names.push(HF_PARQUET, "README.md");
  else if (o.parquet) names.push(`${format}.parquet`);
  return names;
}

export function parquetAllowed(format: ExportFormat): boolean {
  return formats[format].parquet;
}

export async function runExport(o: ExportOptions): Promise<Manifest> {
  const spec = formats[o.format];
  const wantsParquet = Boolean(o.parquet || o.hf);
  if (wantsParquet && !spec.parquet) throw new Error(`Parquet is written for messages and rl, not ${o.format}`);
  fs.mkdirSync(o.outDir, { recursive: true });
  const version = edgewiseVersion();
  const weighted = o.source.mixing === "weights";

  const jsonl = new FileSink(o.outDir, `${o.format}.jsonl`);
  const lines = new LineBuffer(jsonl);
  const parquet = wantsParquet
    ? new ParquetOut(new FileSink(o.outDir, o.hf ? HF_PARQUET : `${o.format}.parquet`), o.format, weighted, `Edgewise ${version}`, o.rowGroupRows)
    : null;

  const perDomain: Record<string, number> = {};
  const bands: Record<string, number> = {};
  let rows = 0;
  let read = 0;
  let skipped = 0;
  const every = o.progressEvery ?? 10_000;
  try {
    if (o.lines && !parquet) {
      ({ rows, skipped } = await writeCopyLines(o.lines, jsonl, every, o.onProgress));
      read = rows + skipped;
      Object.assign(perDomain, o.lines.counts.perDomain);
      Object.assign(bands, o.lines.counts.bands);
    } else for await (const row of o.rows) {
      read++;
      const record = spec.record(row);
      if (record === null) skipped++;
      else {
        rows++;
        perDomain[row.domain] = (perDomain[row.domain] ?? 0) + 1;
        const band = row.band ?? "none";
        bands[band] = (bands[band] ?? 0) + 1;
        // Awaited only when a write was due: an await per row costs more than its JSON.
        const flushed = lines.push(JSON.stringify(record) + "\n");
        if (flushed) await flushed;
        if (parquet) {
          const grouped = parquet.push(record as Record<string, unknown>);
          if (grouped) await grouped;
        }
      }
      if (o.onProgress && read % every === 0) {
        const p = o.onProgress(read);
        if (p) await p;
      }
    }
    await lines.flush();
  } catch (err) {
    await Promise.all([jsonl.destroy(), parquet?.destroy()]);
    throw err;
  }
  const files = [await jsonl.close(rows)];
  if (parquet) files.push(await parquet.close());
  if (o.hf) {
    const card = new FileSink(o.outDir, "README.md");
    await card.write(
      datasetCard({ format: o.format, weighted, rows, parquetBytes: files[1].bytes, title: o.source.title, perDomain, version }),
    );
    files.push(await card.close(null));
  }
  await o.onProgress?.(read);

  const s = o.source;
  const manifest: Manifest = {
    edgewise_version: version,
    created_by: o.createdBy,
    created_at: new Date().toISOString(),
    format: o.format,
    snapshot_ids: s.snapshotIds,
    mixture_id: s.mixtureId,
    mixing: s.mixing,
    shuffle_seed: s.shuffleSeed,
    counts: { rows, skipped, skipped_reason: skipped ? spec.skipReason : null, per_domain: perDomain, bands },
    domains: s.domains,
    models: s.models,
    runs: s.runs,
    reviewers: s.reviewers,
    filters: s.filters,
    decontamination: s.decontamination ?? [],
    files,
  };
  fs.writeFileSync(path.join(o.outDir, MANIFEST), JSON.stringify(manifest, null, 2) + "\n");
  return manifest;
}

/**
 * PostgreSQL's lines (copy-lines.ts) into the JSONL file: hashed and written as they come,
 * newlines counted for progress. The count must match the rows the export's source holds.
 */
async function writeCopyLines(lines: CopyLines, sink: FileSink, every: number, onProgress?: ExportOptions["onProgress"]) {
  let rows = 0;
  let reported = 0;
  for await (const chunk of lines.chunks()) {
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) rows++;
    await sink.write(chunk);
    if (onProgress && rows - reported >= every) {
      reported = rows - (rows % every);
      const p = onProgress(rows);
      if (p) await p;
    }
  }
  if (rows !== lines.counts.rows) throw new Error(`the export wrote ${rows} lines where its source holds ${lines.counts.rows}`);
  return { rows, skipped: lines.counts.skipped };
}
