// The measured part of bench:dedup, in a fresh process (so its peak RSS is the pass's own):
// one near-duplicate pass (BENCH_DEDUP_BATCH: only that import's scope), then — for a full
// pass — the decontamination pass over every domain against the built-in benchmarks, as the
// issue's "both passes" are timed; printed as one JSON line: summaries, wall times, peak RSS.
import { disconnect } from "@/lib/db/client";
import { nearDupPass } from "@/lib/dedup/run";
import { decontamPass } from "../decontam/pass";

const batchId = process.env.BENCH_DEDUP_BATCH ? Number(process.env.BENCH_DEDUP_BATCH) : null;
const startMb = Math.round(process.memoryUsage().rss / 1048576);
let peak = process.memoryUsage().rss;
let atPeak: NodeJS.MemoryUsage | null = null;
// Peak RSS per phase (the pass's progress names it), so a peak over the goal says where it is.
let phase = "start";
const byPhase: Record<string, number> = {};
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  const rss = m.rss;
  if (rss > peak) (peak = rss), (atPeak = m);
  byPhase[phase] = Math.max(byPhase[phase] ?? 0, Math.round(rss / 1048576));
}, 100);
const t = performance.now();
const summary = await nearDupPass({ batchId }, { onProgress: (p) => (phase = p.phase) });
phase = "decontamination";
const seconds = (performance.now() - t) / 1000;
const decontam = batchId === null ? await decontamPass() : null;
const totalSeconds = (performance.now() - t) / 1000;
clearInterval(sampler);
const maxRss = Math.max(peak, process.resourceUsage().maxRSS * 1024);
await disconnect();
console.log(JSON.stringify({ seconds, totalSeconds, maxRss, peakMbByPhase: { start: startMb, ...byPhase }, atPeakMb: atPeak && Object.fromEntries(Object.entries(atPeak as NodeJS.MemoryUsage).map(([k, v]) => [k, Math.round(v / 1048576)])), summary, decontam: decontam && { ...decontam, perDomain: undefined } }));
