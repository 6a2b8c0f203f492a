// Snapshots, mixtures and the row streams export writers read (docs/decisions/0018).
export * from "./types";
export { mixtureRows, snapshotRows, type MixtureRowsOptions, type SnapshotRowsOptions } from "./rows";
export { freezeSnapshot } from "./freeze";
export { diffSnapshots, getSnapshot, listSnapshots, snapshotItems, type DiffKind, type SnapshotDiff, type SnapshotItemPreview } from "./snapshots";
export { createMixture, getMixture, listMixtures, mixtureShares, previewMixture } from "./mixtures";
export { driftPageSchema, driftReport, driftRuns, driftSchema, startDrift, type DriftInput, type DriftOutcome, type DriftReport } from "./drift";
// Export: formats, streamed writer, manifest, jobs (docs/decisions/0019).
export { exportFormats, formatLine, type ExportFormat, type ExportRow } from "./formats";
export { runExport, exportFileNames, MANIFEST, type ExportSource, type Manifest } from "./run-export";
export { prepareExport, type ExportTarget, type PreparedExport } from "./export-source";
export {
  createExportJob,
  exportFile,
  exportRequestSchema,
  exportsDir,
  getExportJob,
  insertExportJob,
  listExportJobs,
  listExportsSchema,
  runExportJob,
  type ExportJobView,
  type ExportRequest,
} from "./export-jobs";
export { sweepExports } from "./export-sweep";
