// Near-duplicates and benchmark decontamination (issue 13). Other domains import from here.
export {
  BUILTINS, benchmarkUploadSchema, deleteBenchmark, ensureBuiltinBenchmarks, getBenchmark, listBenchmarks, uploadBenchmark,
  uploadBenchmarkBody, type BenchmarkUpload, type BenchmarkView,
} from "./benchmarks";
export { MAX_BAD_REPORTED, parseBenchmarkFile, type BadLine } from "./benchmark-file";
export { decontaminate, type DecontamOptions, type DecontamScope, type DecontamSummary } from "./decontam";
export {
  decontamRequestSchema, domainDecontamState, getDecontamCheck, listDecontamChecks, queueDecontamAfterImport, runDecontamCheck, runDecontamNow,
  startDecontamCheck, type DecontamCheckView, type DecontamRequest, type DomainDecontamState,
} from "./decontam-checks";
export { decontamStatuses, type DecontamStatus } from "./decontam-lifecycle";
export { decontaminationRecord, type DecontaminationRecord } from "./manifest";
export { DEFAULT_RULE, normalWords, ruleSchema, type NgramRule } from "./ngrams";
export { candidateContamination, domainBenchmarks, setBenchmarkOverride, type ContaminationView, type DomainBenchmark } from "./overrides";
