import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { exportRequestSchema, insertExportJob, MANIFEST, runExportJob, type ExportJobView, type ExportRequest, type Manifest } from "@/lib/export";
import { cliActor, commonOptions, parse, UsageError, userPath } from "./args";
import { output } from "./client";
import { call, remoteFrom, type Remote } from "./remote";
import { dbId } from "@/lib/db/ids";

// edgewise export: a snapshot or mixture as training files + manifest. On the database
// directly it runs the export job in this process; through a server (token) it asks for the
// export (POST /api/exports), waits for the worker, and downloads the files into --out.

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    ...commonOptions,
    snapshot: { type: "string" },
    mixture: { type: "string" },
    format: { type: "string" },
    out: { type: "string" },
    parquet: { type: "boolean" },
    hf: { type: "boolean" },
    seed: { type: "string" },
  });
  if (positionals.length) throw new UsageError(`unexpected argument: ${positionals[0]}`);
  if (!values.out) throw new UsageError("give --out DIR");
  const id = (flag: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    const r = dbId.safeParse(v);
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

  const outDir = userPath(values.out);
  const remote = remoteFrom(values);
  const jobId = remote ? await exportRemote(remote, request.data, outDir) : await exportLocal(request.data, outDir);
  const manifest = JSON.parse(fs.readFileSync(path.join(outDir, MANIFEST), "utf8")) as Manifest;
  output(values.json, manifest, () =>
    `export #${jobId}: ${manifest.counts.rows} rows of ${manifest.format} in ${values.out}` +
      (manifest.counts.skipped ? ` (${manifest.counts.skipped} skipped: ${manifest.counts.skipped_reason})` : "") +
      `\n` +
      manifest.files.map((f) => `  ${f.name}  ${f.bytes} bytes  sha256 ${f.sha256}`).join("\n"),
  );
  return 0;
}

async function exportLocal(request: ExportRequest, outDir: string): Promise<number> {
  const jobId = await insertExportJob({ id: null, email: cliActor() }, request);
  const job = await runExportJob(jobId, { outDir });
  if (job.status !== "done") throw new Error(job.errorMessage ?? `export #${jobId} ended ${job.status}`);
  return jobId;
}

/** The server's worker writes the export; its files (manifest last) are then downloaded. */
async function exportRemote(remote: Remote, request: ExportRequest, outDir: string): Promise<number> {
  let job = await call<ExportJobView>(remote, "/api/exports", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(request),
  });
  while (job.status === "queued" || job.status === "running") {
    await new Promise((r) => setTimeout(r, 1000));
    job = await call<ExportJobView>(remote, `/api/exports/${job.id}`);
  }
  if (job.status !== "done") throw new Error(`export #${job.id} ${job.status}: ${job.errorMessage ?? "no reason given"}`);
  const files = [...job.files.filter((f) => f.name !== MANIFEST), ...job.files.filter((f) => f.name === MANIFEST)];
  for (const f of files) {
    const target = path.join(outDir, ...f.name.split("/"));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const res = await fetch(`${remote.url}/api/exports/${job.id}/files/${f.name.split("/").map(encodeURIComponent).join("/")}`, {
      headers: { authorization: `Bearer ${remote.token}` },
    });
    if (!res.ok || !res.body) throw new Error(`${res.status} downloading ${f.name} of export #${job.id}`);
    await pipeline(Readable.fromWeb(res.body as import("node:stream/web").ReadableStream), fs.createWriteStream(target));
  }
  return job.id;
}
