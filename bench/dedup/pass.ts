// The measured part of bench:dedup, in a fresh process (so its peak RSS is the pass's own):
// one near-duplicate pass (BENCH_DEDUP_BATCH: only that import's scope) and, printed as one
// JSON line, its summary, wall time and peak RSS.
import { disconnect } from "@/lib/db/client";
import { nearDupPass } from "@/lib/dedup/run";

const batchId = process.env.BENCH_DEDUP_BATCH ? Number(process.env.BENCH_DEDUP_BATCH) : null;
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
const t = performance.now();
const summary = await nearDupPass({ batchId });
const seconds = (performance.now() - t) / 1000;
clearInterval(sampler);
const maxRss = Math.max(peak, process.resourceUsage().maxRSS * 1024);
await disconnect();
console.log(JSON.stringify({ seconds, maxRss, summary }));
