// lib/dedup: near-duplicates (MinHash + LSH bands in PostgreSQL; docs/decisions/0022) and
// benchmark decontamination (docs/decisions/0023). Other domains import from here; what runs a
// near-duplicate pass (the worker's job, the CLI, benchmarks) imports lib/dedup/run, which the
// web server never loads.
export {
  BUILTINS, benchmarkUploadSchema, deleteBenchmark, ensureBuiltinBenchmarks, getBenchmark, listBenchmarks, uploadBenchmark,
  uploadBenchmarkBody, type BenchmarkUpload, type BenchmarkView,
} from "./benchmarks";
export { MAX_BAD_REPORTED, parseBenchmarkFile, type BadLine } from "./benchmark-file";
export { queueChecksAfterImport, type ChecksAfterImport } from "./after-import";
export { queueCandidateChecks } from "./candidate-checks";
export { forgetCandidates, nearCopiesOf } from "./forget";
export { decontaminate, type DecontamOptions, type DecontamScope, type DecontamSummary } from "./decontam";
export {
  decontamRequestSchema, domainDecontamState, getDecontamCheck, listDecontamChecks, runDecontamCheck, runDecontamNow,
  startDecontamCheck, sweepDecontamChecks, type DecontamCheckView, type DecontamRequest, type DomainDecontamState,
} from "./decontam-checks";
export { decontamStatuses, type DecontamStatus } from "./decontam-lifecycle";
export { decontaminationRecord, type DecontaminationRecord } from "./manifest";
export { DEFAULT_RULE, normalWords, ruleSchema, type NgramRule } from "./ngrams";
export { candidateContamination, domainBenchmarks, setBenchmarkOverride, type ContaminationView, type DomainBenchmark } from "./overrides";
export { NEARDUP_PARAMS, lshProbability } from "./minhash";
export type { NearDupScope, NearDupSummary } from "./neardup-pass";
export {
  getPass,
  latestPass,
  queueNearDupPass,
  startDomainNearDup,
  sweepNearDupPasses,
  type PassView,
} from "./neardup-jobs";
export { nearDupCard, nearDupCounts, unflagPair, unflagSchema, type NearDupCard, type NearDupCounts } from "./pairs";
export { recluster } from "./recluster";
