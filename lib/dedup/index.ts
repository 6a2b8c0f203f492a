// lib/dedup: near-duplicates (MinHash + LSH bands in PostgreSQL; docs/decisions/0022) and
// benchmark decontamination. Other domains import from here only.

export { NEARDUP_PARAMS, lshProbability } from "./minhash";
export { nearDupPass, type NearDupScope, type NearDupSummary } from "./neardup-pass";
export {
  getPass,
  latestPass,
  queueNearDupAfterImport,
  queueNearDupPass,
  runDomainNearDupNow,
  runNearDupPassJob,
  startDomainNearDup,
  sweepNearDupPasses,
  type PassView,
} from "./neardup-jobs";
export { nearDupCard, nearDupCounts, unflagPair, unflagSchema, type NearDupCard, type NearDupCounts } from "./pairs";
export { recluster } from "./recluster";
