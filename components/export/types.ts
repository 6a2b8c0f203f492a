// What the snapshot and mixture components receive from /api/snapshots and /api/mixtures
// (JSON: dates are strings). Mirrors lib/export's views; components never import lib/db.
import type { MixtureView, SnapshotView } from "@/lib/export/types";

type Jsonified<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] };
export type SnapshotJson = Jsonified<SnapshotView>;
export type MixtureJson = Jsonified<MixtureView>;
export type { MixturePreview, MixturePreviewDomain } from "@/lib/export/types";
