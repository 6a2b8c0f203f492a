// Snapshots, mixtures and the row streams export writers read (docs/decisions/0018).
export * from "./types";
export { mixtureRows, snapshotRows, type MixtureRowsOptions, type SnapshotRowsOptions } from "./rows";
