// Snapshots, mixtures and the row streams export writers read (docs/decisions/0018).
export * from "./types";
export { mixtureRows, snapshotRows, type MixtureRowsOptions, type SnapshotRowsOptions } from "./rows";
export { freezeSnapshot } from "./freeze";
export { diffSnapshots, getSnapshot, listSnapshots, snapshotItems, type DiffKind, type SnapshotDiff, type SnapshotItemPreview } from "./snapshots";
export { createMixture, getMixture, listMixtures, mixtureShares, previewMixture } from "./mixtures";
export { driftReport, driftRuns, driftSchema, startDrift, type DriftInput, type DriftOutcome, type DriftReport } from "./drift";
