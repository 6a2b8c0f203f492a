// The measuring half of bench:export (run.ts fills the snapshot and starts this in a fresh
// process): the export of the snapshot as `messages`, then COPY of the same rows, in one
// process. The export goes first so the peak RSS printed is the export's (COPY's buffers
// would otherwise still be in the heap when it starts). Prints the figures; the ratio last.
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { to as copyTo } from "pg-copy-streams";
import { disconnect, pool } from "@/lib/db/client";
import { prepareExport, runExport } from "@/lib/export";

const GOAL_RATIO = 0.5;
const GOAL_RSS_MB = 512;
const ROWS = Number(process.env.BENCH_EXPORT_ROWS);
const snapshotId = Number(process.env.BENCH_EXPORT_SNAPSHOT);
const out = process.env.BENCH_EXPORT_OUT!;
const mb = (b: number) => (b / 1024 / 1024).toFixed(0);

// Peak RSS, sampled through the export; resourceUsage().maxRSS (the kernel's high-water mark).
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
const db = pool();
try {
  await db.query("select 1"); // connect (and load the client) before the clock starts
  // Warm the cache for both: the fill's pages are not all in memory yet, and whichever ran
  // first would read them from disk for the other.
  await db.query("select sum(length(prompt) + length(response_text)) from snapshot_item where snapshot_id = $1", [snapshotId]);
  const startRss = process.memoryUsage().rss;

  let t = performance.now();
  const prepared = await prepareExport({ snapshotId }, "messages");
  const manifest = await runExport({ format: "messages", outDir: out, createdBy: "bench", source: prepared.source, rows: prepared.rows, lines: prepared.lines });
  const exportSeconds = (performance.now() - t) / 1000;
  if (manifest.counts.rows !== ROWS) throw new Error(`exported ${manifest.counts.rows} rows, expected ${ROWS}`);
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const kernelPeak = process.resourceUsage().maxRSS * 1024;

  // The floor: COPY of the columns h/snap's snapshotRows selects, same rows, same order.
  const copySql = `copy (select i.snapshot_id, s.domain_id, d.slug, i.candidate_id, i.prompt, i.reference_answer, i.response_text,
      i.response_source, i.response_sample_id, i.pass_rate, i.ci_low, i.ci_high, i.k, i.passes, i.band, i.judge_score,
      i.verifier_kind, i.metadata, i.source, i.token_estimate, encode(i.item_hash, 'hex')
    from snapshot_item i join domain_snapshot s on s.id = i.snapshot_id join domain d on d.id = s.domain_id
    where i.snapshot_id = ${snapshotId} order by i.candidate_id) to stdout`;
  const client = await db.connect();
  let copyBytes = 0;
  t = performance.now();
  try {
    await pipeline(
      client.query(copyTo(copySql)),
      new Writable({
        write(chunk: Buffer, _enc, cb) {
          copyBytes += chunk.length;
          cb();
        },
      }),
    );
  } finally {
    client.release();
  }
  const copySeconds = (performance.now() - t) / 1000;

  const copyRate = ROWS / copySeconds;
  const exportRate = ROWS / exportSeconds;
  console.log(`COPY … TO STDOUT: ${copySeconds.toFixed(2)} s, ${Math.round(copyRate)} rows/s (${mb(copyBytes)} MB of text)`);
  console.log(`export messages:  ${exportSeconds.toFixed(2)} s, ${Math.round(exportRate)} rows/s (${mb(manifest.files[0].bytes)} MB JSONL, sha256 ${manifest.files[0].sha256.slice(0, 12)}…)`);
  console.log(`peak RSS during the export: ${mb(peakRss)} MB sampled, kernel maxRSS ${mb(kernelPeak)} MB (${mb(startRss)} MB at its start), goal <= ${GOAL_RSS_MB} MB`);
  console.log(`throughput export / COPY: ${(exportRate / copyRate).toFixed(2)} (goal >= ${GOAL_RATIO})`);
} finally {
  clearInterval(sampler);
  await disconnect();
}
