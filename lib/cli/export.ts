import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { ensureDatabase } from "@/lib/db/bootstrap";
import { disconnect } from "@/lib/db/client";
import { usesEmbeddedDatabase } from "@/lib/env";
import { exportFormats, exportRequestSchema, insertExportJob, MANIFEST, runExportJob, type Manifest } from "@/lib/export";
import { cliActor, parse, UsageError, userPath } from "./args";

export const exportHelp = `Usage: edgewise export --snapshot ID | --mixture ID --format F --out DIR [--parquet] [--hf] [--seed N] [--json]

Write a snapshot or a mixture as training data: DIR/<format>.jsonl and DIR/manifest.json
(counts, bands, models, runs, reviewers, sha256 of every file), the same files the web
export writes. Recorded as an export job, so it shows on the Exports page.

Options:
  --snapshot ID   a frozen domain snapshot
  --mixture ID    a saved mixture (rows repeat by epochs, or carry its weights)
  --format F      ${exportFormats.join(" | ")}
  --out DIR       where to write (created if missing)
  --parquet       also DIR/<format>.parquet (messages and rl)
  --hf            a Hugging Face dataset folder: DIR/data/train-00000-of-00001.parquet + DIR/README.md
  --seed N        shuffle a mixture with this seed (recorded in the manifest)
  --json          print the manifest as JSON

Works on the database directly (DATABASE_URL or the embedded one), also when a token is set.
Exit status: 0 on success, 1 on failure, 2 on bad usage.`;

const positiveInt = z.coerce.number().int().positive();

export async function runExportCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    snapshot: { type: "string" },
    mixture: { type: "string" },
    format: { type: "string" },
    out: { type: "string" },
    parquet: { type: "boolean" },
    hf: { type: "boolean" },
    seed: { type: "string" },
    json: { type: "boolean" },
    help: { type: "boolean", short: "h" },
    token: { type: "string" },
    url: { type: "string" },
  });
  if (values.help) {
    console.log(exportHelp);
    return 0;
  }
  if (positionals.length) throw new UsageError(`unexpected argument: ${positionals[0]}`);
  if (!values.out) throw new UsageError("give --out DIR");
  const id = (flag: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    const r = positiveInt.safeParse(v);
    if (!r.success) throw new UsageError(`${flag} must be an id`);
    return r.data;
  };
  const request = exportRequestSchema.safeParse({
    snapshotId: id("--snapshot", values.snapshot),
    mixtureId: id("--mixture", values.mixture),
    format: values.format,
    parquet: values.parquet,
    hf: values.hf,
    shuffleSeed: values.seed === undefined ? undefined : Number(values.seed),
  });
  if (!request.success) throw new UsageError(request.error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ` : "") + i.message).join("; "));

  // With a token set, main.ts did not open the database: export always works on it directly.
  const database = usesEmbeddedDatabase() ? await ensureDatabase() : null;
  try {
    const jobId = await insertExportJob({ id: null, email: cliActor() }, request.data);
    const outDir = userPath(values.out);
    const job = await runExportJob(jobId, { outDir });
    if (job.status !== "done") throw new Error(job.errorMessage ?? `export #${jobId} ended ${job.status}`);
    const manifest = fs.readFileSync(path.join(outDir, MANIFEST), "utf8");
    if (values.json) console.log(manifest.trim());
    else {
      const m = JSON.parse(manifest) as Manifest;
      console.log(
        `export #${jobId}: ${m.counts.rows} rows of ${m.format} in ${values.out}` +
          (m.counts.skipped ? ` (${m.counts.skipped} skipped: ${m.counts.skipped_reason})` : "") +
          `\n` +
          m.files.map((f) => `  ${f.name}  ${f.bytes} bytes  sha256 ${f.sha256}`).join("\n"),
      );
    }
    return 0;
  } finally {
    if (database) {
      await disconnect();
      await database.stop();
    }
  }
}
