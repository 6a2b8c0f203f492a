// lib/dedup: near-duplicates (MinHash + LSH bands in PostgreSQL; docs/decisions/0022) and
// benchmark decontamination. Other domains import from here; what runs a pass (the worker's
// job, the CLI, benchmarks) imports lib/dedup/run, which the web server never loads.

export { NEARDUP_PARAMS, lshProbability } from "./minhash";
export type { NearDupScope, NearDupSummary } from "./neardup-pass";
export {
  getPass,
  latestPass,
  queueNearDupAfterImport,
  queueNearDupPass,
  startDomainNearDup,
  sweepNearDupPasses,
  type PassView,
} from "./neardup-jobs";
export { nearDupCard, nearDupCounts, unflagPair, unflagSchema, type NearDupCard, type NearDupCounts } from "./pairs";
export { recluster } from "./recluster";
