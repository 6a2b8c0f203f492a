// npm run bench:import [-- --lines N]
// Times `edgewise import` (the real CLI, child process) on a generated pool against the
// physical limit measured in the same run on the same server: psql \copy of the same good
// rows into an equivalent plain table (same columns, no indexes). Prints the ratio and the
// importer's peak RSS last. Goal: ratio >= 0.5, peak RSS <= 512 MB.
// BENCH_IMPORT_NO_COUNTERS=1 turns the dashboards' counter trigger on candidate off (ADR 0028),
// to see what it costs the import.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { convertLine } from "@/lib/candidates/formats";
import { COPY_COLUMNS, copyLine } from "@/lib/candidates/import-writer";
import { readJsonlLines } from "@/lib/candidates/jsonl";
import { promptHash } from "@/lib/candidates/normalise";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";
import { DOMAINS, generate } from "./generate";

const { values } = parseArgs({ options: { lines: { type: "string", default: "1400000" } } });
const lines = Number(values.lines);
const file = path.resolve("bench", "data", `pool-${lines}.jsonl`);
if (!fs.existsSync(file)) {
  console.log(`generating ${file}…`);
  await generate(file, lines);
}
const fileMb = fs.statSync(file).size / 1e6;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-import-"));
const server = await startEmbeddedPostgres({ dir: path.join(dir, "data"), port: 56000 + (process.pid % 1000) });
try {
  await migrate(server.url);
  const db = new pg.Client({ connectionString: server.url });
  await db.connect();
  if (process.env.BENCH_IMPORT_NO_COUNTERS) await db.query("alter table candidate disable trigger candidate_stat_insert");
  const ids = new Map<string, number>();
  for (const slug of DOMAINS) {
    const r = await db.query("insert into domain (slug, name, updated_at) values ($1, $1, now()) returning id", [slug]);
    ids.set(slug, r.rows[0].id);
  }

  // The baseline's input, prepared outside any timing: the same good rows, in COPY format.
  const tsv = path.join(dir, "good.tsv");
  const out = fs.createWriteStream(tsv);
  let goodRows = 0;
  for await (const l of readJsonlLines(fs.createReadStream(file, { highWaterMark: 1 << 20 }))) {
    if ("error" in l) continue;
    let value: unknown;
    try {
      value = JSON.parse(l.text);
    } catch {
      continue;
    }
    const c = convertLine(value, "generic");
    if (!c.ok || !c.row.domain || !ids.has(c.row.domain)) continue;
    goodRows++;
    if (!out.write(copyLine({ ...c.row, line: l.line, domainId: ids.get(c.row.domain)!, hash: promptHash(c.row.prompt) }, 1) + "\n")) {
      await new Promise<void>((r) => out.once("drain", () => r()));
    }
  }
  await new Promise<void>((r) => out.end(() => r()));
  await db.query(`create table plain_candidate (domain_id int, batch_id int, prompt text, answer text, source text,
    metadata jsonb, prompt_hash bytea)`);
  // For context: the same rows into a table that pays candidate's index and default work
  // (its four btrees, non-unique so the file's duplicates load too).
  await db.query(`create table indexed_candidate (id serial primary key, domain_id int, batch_id int, prompt text,
    answer text, source text, metadata jsonb, prompt_hash bytea, stage text default 'imported', created_at timestamptz default now());
    create index on indexed_candidate (domain_id, prompt_hash); create index on indexed_candidate (domain_id, stage, id);
    create index on indexed_candidate (batch_id, id); create index on indexed_candidate (source, id)`);
  await db.end();

  // Each timed step starts from the same state: a checkpoint (so none pays for the dirty pages
  // and WAL of the step before it) and a database holding only its own target table (a run
  // whose import followed 2.5 GB of baseline tables took 42 s instead of 32–37 s).
  const psql = (command: string) => {
    const r = spawnSync("psql", [server.url, "-v", "ON_ERROR_STOP=1", "-c", command], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
  };
  const timedCopy = (table: string) => {
    psql("checkpoint");
    const started = performance.now();
    psql(`\\copy ${table} ${COPY_COLUMNS} from '${tsv}'`);
    const seconds = (performance.now() - started) / 1000;
    psql(`drop table ${table}`);
    return seconds;
  };

  // (a) the physical limit: psql \copy of the same rows into the plain table.
  const copySeconds = timedCopy("plain_candidate");
  const indexedSeconds = timedCopy("indexed_candidate");

  // (b) edgewise import, the real CLI, with its peak RSS sampled from /proc.
  psql("checkpoint");
  const t = performance.now();
  const child = spawn(process.execPath, [path.resolve("bin/edgewise.mjs"), "import", file, "--json"], {
    env: { ...process.env, DATABASE_URL: server.url, EDGEWISE_TOKEN: "" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  child.stdout.on("data", (d) => (stdout += d));
  let peakKb = 0;
  // bin/edgewise.mjs re-runs itself with a heap flag: the importer is a child of the
  // spawned process, so every process in the tree is sampled.
  const sampler = setInterval(() => (peakKb = Math.max(peakKb, peakRssKbOfTree(child.pid!))), 50);
  const code = await new Promise<number>((r) => child.on("exit", (c) => r(c ?? 1)));
  clearInterval(sampler);
  const importSeconds = (performance.now() - t) / 1000;
  if (code !== 0) throw new Error(`edgewise import exited ${code}`);
  const summary = JSON.parse(stdout);

  const rate = (rows: number, s: number) => `${Math.round(rows / s).toLocaleString("en").padStart(10)} rows/s  ${(fileMb / s).toFixed(1).padStart(6)} MB/s`;
  console.log(`\npool: ${lines.toLocaleString("en")} lines, ${fileMb.toFixed(0)} MB; good rows ${goodRows.toLocaleString("en")}`);
  console.log(`edgewise import: read ${summary.read}, inserted ${summary.inserted}, duplicates ${summary.duplicates}, rejected ${summary.rejected}`);
  console.log(`  psql \\copy (plain table):  ${copySeconds.toFixed(1).padStart(6)} s  ${rate(goodRows, copySeconds)}`);
  console.log(`  psql \\copy (with indexes): ${indexedSeconds.toFixed(1).padStart(6)} s  ${rate(goodRows, indexedSeconds)}   (context: candidate's index work)`);
  console.log(`  edgewise import (CLI):     ${importSeconds.toFixed(1).padStart(6)} s  ${rate(goodRows, importSeconds)}`);
  console.log(`ratio against the indexed COPY (same table work as candidate): ${(indexedSeconds / importSeconds).toFixed(2)}`);
  console.log(`ratio (edgewise / plain-table COPY throughput): ${(copySeconds / importSeconds).toFixed(2)} (goal >= 0.5)`);
  console.log(`peak RSS: ${Math.round(peakKb / 1024)} MB (goal <= 512)`);
} finally {
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}

/** The largest peak RSS (VmHWM) of a process and its descendants, in kB. */
function peakRssKbOfTree(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
    return Math.max(m ? Number(m[1]) : 0, ...children.map(peakRssKbOfTree));
  } catch {
    return 0; // exited
  }
}
