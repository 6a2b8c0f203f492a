// npm run bench:decontam [-- --lines N --plant K]
// The decontamination pass over bench:import's generated pool (the same generator, 3 domains)
// with K benchmark items planted into prompts (embedded in filler text, reformatted: case,
// whitespace, punctuation), against the built-in benchmarks. The pool is loaded with COPY
// (not timed); the pass runs in a child process (its own peak RSS). Prints docs/s, recall on
// the planted items, hits on unplanted prompts, peak RSS, and last the wall time.
// Budget (issue 13): near-dup + decontam ≤ 3 min at 1.4M on 2 cores, RSS ≤ 512 MB.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { convertLine } from "@/lib/candidates/formats";
import { COPY_COLUMNS, copyLine } from "@/lib/candidates/import-writer";
import { readJsonlLines } from "@/lib/candidates/jsonl";
import { promptHash } from "@/lib/candidates/normalise";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";
import { BUILTINS, parseBenchmarkFile } from "@/lib/dedup";
import { DOMAINS, generate, prng } from "../import/generate";

const { values } = parseArgs({ options: { lines: { type: "string", default: "1400000" }, plant: { type: "string", default: "2000" } } });
const lines = Number(values.lines);
const plant = Number(values.plant);
const file = path.resolve("bench", "data", `pool-${lines}.jsonl`);
if (!fs.existsSync(file)) {
  console.log(`generating ${file}…`);
  await generate(file, lines);
}

// The built-in benchmarks' items, read from the project's copies (as the app does).
const items: { bench: string; line: number; prompt: string }[] = [];
for (const b of BUILTINS) {
  const parsed = await parseBenchmarkFile(path.resolve("lib", "dedup", "data", b.file), b.format, b.mapping);
  for (const i of parsed.items) items.push({ bench: b.name, line: i.line, prompt: i.prompt });
}

const rand = prng(7);
const FILLER = "please solve the following problem and explain your reasoning clearly before giving a final answer here".split(" ");
const filler = (n: number) => Array.from({ length: n }, () => FILLER[Math.floor(rand() * FILLER.length)]).join(" ");
/** An item inside other text, reformatted the ways scraped copies are. */
function planted(prompt: string): string {
  let p = prompt;
  const r = rand();
  if (r < 0.25) p = p.toUpperCase();
  else if (r < 0.5) p = p.replace(/\s+/g, "  \n ");
  else if (r < 0.75) p = p.replace(/[.,?]/g, (m) => ` ${m}${m}`);
  return `${filler(Math.floor(rand() * 40))}\n\n${p}\n\n${filler(Math.floor(rand() * 40))}`;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-decontam-"));
const server = await startEmbeddedPostgres({ dir: path.join(dir, "data"), port: 57000 + (process.pid % 1000) });
try {
  await migrate(server.url);
  const db = new pg.Client({ connectionString: server.url });
  await db.connect();
  const ids = new Map<string, number>();
  for (const slug of DOMAINS) {
    const r = await db.query("insert into domain (slug, name, updated_at) values ($1, $1, now()) returning id", [slug]);
    ids.set(slug, r.rows[0].id);
  }

  // Load: the pool's good, distinct rows; every (rows / plant)-th one carries a benchmark item.
  const t0 = performance.now();
  const seen = new Set<string>();
  let rows = 0;
  let planted_ = 0;
  const every = Math.max(1, Math.floor((lines * 0.97) / Math.max(1, plant)));
  async function* copyRows() {
    let batch: string[] = [];
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
      let row = c.row;
      if (planted_ < plant && rows % every === every - 1) {
        const item = items[Math.floor(rand() * items.length)];
        row = { ...row, prompt: planted(item.prompt), source: "planted", metadata: { bench: item.bench, line: item.line } };
        planted_++;
      }
      const hash = promptHash(row.prompt);
      const key = `${row.domain}:${hash.toString("base64")}`;
      if (seen.has(key)) continue;
      seen.add(key);
      rows++;
      batch.push(copyLine({ ...row, line: l.line, domainId: ids.get(c.row.domain)!, hash }, 1));
      if (batch.length === 2000) {
        yield batch.join("\n") + "\n";
        batch = [];
      }
    }
    if (batch.length) yield batch.join("\n") + "\n";
  }
  await pipeline(Readable.from(copyRows()), db.query(copyFrom(`copy candidate ${COPY_COLUMNS} from stdin`)));
  await db.query("analyze candidate");
  console.log(`loaded ${rows.toLocaleString("en")} candidates (${planted_} planted) in ${((performance.now() - t0) / 1000).toFixed(1)} s (not timed below)`);
  await db.query("checkpoint");

  // The pass, timed, in its own process.
  const t = performance.now();
  const prof = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...prof, "--import", "tsx", path.resolve("bench/decontam/pass.ts")], {
    env: { ...process.env, DATABASE_URL: server.url },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  child.stdout.on("data", (d) => (stdout += d));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const wall = (performance.now() - t) / 1000;
  if (code !== 0) throw new Error(`decontam pass exited ${code}`);
  const result = JSON.parse(stdout.trim().split("\n").pop()!);

  // Found: a hit on the planted item's benchmark (benchmarks repeat some items word for word,
  // MMLU most: the hit may name the other copy); exact: on the planted item itself.
  const { rows: found } = await db.query<{ planted: number; found: number; exact: number; false_hits: number }>(
    `select count(*) filter (where c.source = 'planted')::int as planted,
            count(*) filter (where c.source = 'planted' and exists (
              select 1 from contamination_hit h join benchmark b on b.id = h.benchmark_id
               where h.candidate_id = c.id and b.name = c.metadata->>'bench'))::int as found,
            count(*) filter (where c.source = 'planted' and exists (
              select 1 from contamination_hit h join benchmark b on b.id = h.benchmark_id join benchmark_item i on i.id = h.benchmark_item_id
               where h.candidate_id = c.id and b.name = c.metadata->>'bench' and i.line = (c.metadata->>'line')::int))::int as exact,
            count(*) filter (where c.source is distinct from 'planted' and exists (select 1 from contamination_hit h where h.candidate_id = c.id))::int as false_hits
       from candidate c`,
  );
  await db.end();
  const f = found[0];
  console.log(`decontamination pass: ${result.candidates.toLocaleString("en")} candidates, ${result.hits} hits, ${result.contaminated} flagged`);
  console.log(`  scan + store: ${(result.seconds - result.indexSeconds).toFixed(1)} s, index build: ${result.indexSeconds.toFixed(1)} s (built once, reused by each domain's pass)`);
  console.log(`  throughput: ${Math.round(result.candidates / result.seconds).toLocaleString("en")} docs/s (pass), ${Math.round(result.candidates / wall).toLocaleString("en")} docs/s (wall, incl. process start)`);
  console.log(`recall on planted items: ${f.found}/${f.planted} = ${(f.found / Math.max(1, f.planted)).toFixed(3)} (a hit on the item's benchmark; on the exact item: ${f.exact})`);
  console.log(`hits on unplanted prompts: ${f.false_hits}`);
  console.log(`peak RSS (pass process): ${Math.round(result.peakRssKb / 1024)} MB (goal <= 512)`);
  console.log(`wall time: ${wall.toFixed(1)} s for ${result.candidates.toLocaleString("en")} candidates (goal: near-dup + decontam <= 180 s at 1.4M)`);
} finally {
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
