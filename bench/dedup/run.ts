import { systemActor } from "@/lib/audit";
// npm run bench:dedup [-- --lines N]
// The near-duplicate pass at Phi-4 scale: bench:import's pool (1.4M generated lines, imported
// through the real importer) plus ~2 % planted near-copies (planted.ts: punctuation, renumbered,
// reworded once or twice, halves swapped, truncated), then one full pass in a fresh process.
// Prints docs/s, recall (planted pairs at Jaccard ≥ 0.85, and ≥ 0.8) and precision (pairs the
// pass reports at the domain threshold that are planted), peak RSS, the incremental check of a
// 10k-line import against the whole pool, and last the wall time of the pass.
// Goals: pass ≤ 3 min (shared with decontamination), recall ≥ 0.95, precision ≥ 0.98,
// RSS ≤ 512 MB, incremental 10k ≤ 10 s. The pass is lib/dedup/run's nearDupPass (pass.ts), and
// the decontamination pass (bench/decontam/pass.ts) runs after it in the same process.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { importFile } from "@/lib/candidates/import";
import { promptHash } from "@/lib/candidates/normalise";
import { disconnect, pool } from "@/lib/db/client";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";
import { jaccard, shingleSet } from "@/lib/dedup/shingles";
import { createDomain } from "@/lib/domains";
import { stopBoss } from "@/lib/jobs/boss";
import { DOMAINS, generate } from "../import/generate";
import { plant } from "./planted";

const { values } = parseArgs({ options: { lines: { type: "string", default: "1400000" }, keep: { type: "boolean", default: false } } });
const lines = Number(values.lines);
const poolFile = path.resolve("bench", "data", `pool-${lines}.jsonl`);
if (!fs.existsSync(poolFile)) {
  console.log(`generating ${poolFile}…`);
  await generate(poolFile, lines);
}
const mb = (b: number) => (b / 1048576).toFixed(0);

interface PassOutput {
  seconds: number;
  /** Near-duplicate pass + decontamination pass (a full pass only). */
  totalSeconds: number;
  peakMbByPhase: Record<string, number>;
  atPeakMb: Record<string, number> | null;
  decontam: { candidates: number; hits: number; seconds: number; indexSeconds: number } | null;
  maxRss: number;
  summary: { hashed: number; proposed: number; confirmed: number; flagged: number; ms: Record<string, number> };
}

function measurePass(url: string, batchId?: number): PassOutput {
  const child = spawnSync(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "pass.ts")], {
    env: { ...process.env, DATABASE_URL: url, ...(batchId ? { BENCH_DEDUP_BATCH: String(batchId) } : {}) },
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 1 << 26,
  });
  if (child.status !== 0) throw new Error(`the pass failed (exit ${child.status})`);
  const last = child.stdout.toString().trim().split("\n").pop()!;
  return JSON.parse(last) as PassOutput;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-dedup-"));
const server = await startEmbeddedPostgres({ dir: path.join(dir, "data"), port: 58000 + (process.pid % 1000) });
try {
  await migrate(server.url);
  process.env.DATABASE_URL = server.url;
  for (const slug of DOMAINS) await createDomain({ slug, name: slug }, systemActor);

  let t = performance.now();
  const plantedFile = path.join(dir, "planted.jsonl");
  const planted = await plant(poolFile, plantedFile);
  await importFile(poolFile, { format: "generic", createdBy: "bench" });
  const plantedBatch = await importFile(plantedFile, { format: "generic", createdBy: "bench" });
  const db = pool();
  await db.query("vacuum analyze candidate");
  const { rows: count } = await db.query<{ n: number }>("select count(*)::int as n from candidate");
  console.log(`loaded ${count[0].n.toLocaleString("en")} candidates (${plantedBatch.inserted.toLocaleString("en")} planted near-copies) in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  // The full pass over the pool, in its own process.
  const full = measurePass(server.url);
  const s = full.summary;
  console.log(`near-duplicate pass: ${s.hashed.toLocaleString("en")} candidates in ${full.seconds.toFixed(1)} s — ${Math.round(s.hashed / full.seconds).toLocaleString("en")} docs/s`);
  console.log(`  phases (ms): ${JSON.stringify(s.ms)}; LSH proposed ${s.proposed.toLocaleString("en")} pairs, ${s.confirmed.toLocaleString("en")} confirmed`);
  const d = full.decontam!;
  console.log(`decontamination pass: ${d.candidates.toLocaleString("en")} candidates against the built-in benchmarks in ${d.seconds.toFixed(1)} s — ${Math.round(d.candidates / d.seconds).toLocaleString("en")} docs/s (index ${d.indexSeconds.toFixed(1)} s, ${d.hits.toLocaleString("en")} hits)`);
  console.log(`  peak RSS of both passes ${mb(full.maxRss)} MB (goal ≤ 512 MB); by phase (MB): ${JSON.stringify(full.peakMbByPhase)}; at the peak: ${JSON.stringify(full.atPeakMb)}`);

  // Recall and precision against the planted pairs.
  const { rows: domainRows } = await db.query<{ id: number; slug: string }>("select id, slug from domain");
  const domainId = new Map(domainRows.map((d) => [d.slug, d.id]));
  const idOf = async (domain: string, prompt: string) =>
    (await db.query<{ id: number; rep: number }>("select id, coalesce(near_dup_of, id) as rep from candidate where domain_id = $1 and prompt_hash = $2", [domainId.get(domain), promptHash(prompt)])).rows[0];
  let at85 = 0, found85 = 0, at80 = 0, found80 = 0;
  const plantedKeys = new Set<string>();
  for (const p of planted) {
    const [o, c] = [await idOf(p.domain, p.original), await idOf(p.domain, p.copy)];
    if (!o || !c) continue; // the copy collided with an exact duplicate
    plantedKeys.add(`${Math.min(o.id, c.id)}:${Math.max(o.id, c.id)}`);
    const j = jaccard(shingleSet(p.original), shingleSet(p.copy));
    const same = o.rep === c.rep;
    if (j >= 0.85) (at85++, same && found85++);
    if (j >= 0.8) (at80++, same && found80++);
  }
  const { rows: reported } = await db.query<{ a: number; b: number }>("select a, b from neardup_pair where domain_id is not null and similarity >= 0.8");
  const truePositives = reported.filter((r) => plantedKeys.has(`${r.a}:${r.b}`)).length;
  console.log(`recall at J ≥ 0.85: ${(found85 / at85).toFixed(4)} (${found85}/${at85}, goal ≥ 0.95); at J ≥ 0.8: ${(found80 / at80).toFixed(4)} (${found80}/${at80})`);
  console.log(`precision: ${(truePositives / Math.max(1, reported.length)).toFixed(4)} (${truePositives}/${reported.length} pairs reported at ≥ 0.8 are planted, goal ≥ 0.98)`);

  // An incremental import of 10k lines (with a few near-copies of the pool) against the whole pool.
  const small = path.join(dir, "incremental.jsonl");
  await generate(small, 10_000, 7);
  const extra = planted.slice(0, 100).map((p) => JSON.stringify({ prompt: `${p.original} (again)`, domain: p.domain })).join("\n");
  fs.appendFileSync(small, extra + "\n");
  const inc = await importFile(small, { format: "generic", createdBy: "bench" });
  const incremental = measurePass(server.url, inc.batchId);
  console.log(`incremental: a ${inc.inserted.toLocaleString("en")}-candidate import checked against the pool in ${incremental.seconds.toFixed(2)} s (goal ≤ 10 s), ${incremental.summary.flagged} near-duplicates flagged, peak RSS ${mb(incremental.maxRss)} MB`);
  console.log(`  phases (ms): ${JSON.stringify(incremental.summary.ms)}`);
  console.log(`wall time of both passes over ${s.hashed.toLocaleString("en")} candidates: ${full.totalSeconds.toFixed(1)} s (near-duplicates ${full.seconds.toFixed(1)} s + decontamination ${d.seconds.toFixed(1)} s; goal ≤ 180 s)`);
} finally {
  await stopBoss().catch(() => {});
  await disconnect();
  await server.stop();
  if (!values.keep) fs.rmSync(dir, { recursive: true, force: true });
}
