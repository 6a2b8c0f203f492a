// Every audit action name, in one list (ARCHITECTURE: "audit action names come from one list").
// The audit page filters by prefix ("review." → the whole review trail), so a name is
// `<area>.<what>`; a writer with a name not listed here does not type-check.
export const AUDIT_ACTIONS = [
  "auth.sign_in",
  "auth.sign_in_failed",
  "auth.sign_out",
  "auth.password_change",
  "auth.password_change_failed",
  "user.create",
  "user.role",
  "user.activate",
  "user.deactivate",
  "user.password_reset",
  "token.create",
  "token.revoke",
  "domain.create",
  "domain.update",
  "domain.difficulty",
  "import.create",
  "import.cancel",
  "import.discard",
  "import.retry",
  "endpoint.create",
  "endpoint.update",
  "endpoint.delete",
  "scoring.run.create",
  "scoring.run.paused",
  "scoring.run.resumed",
  "scoring.run.cancelled",
  "scoring.batch.import",
  "scoring.transform",
  "scoring.transform.queue",
  // The review workspace (docs/decisions/0017): decisions, undo, adjudication, assignments,
  // gold items, and edits of a candidate's prompt or reference (lib/review/edit.ts).
  "review.accept",
  "review.reject",
  "review.skip",
  "review.undo",
  "review.adjudicate",
  "review.assign",
  "review.gold.set",
  "review.gold.remove",
  "review.edit",
  // Snapshots and mixtures (docs/decisions/0018).
  "snapshot.freeze",
  "snapshot.drift",
  "mixture.create",
  // Exports (docs/decisions/0019).
  "export.create",
  // Benchmark decontamination (docs/decisions/0023).
  "benchmark.upload",
  "benchmark.delete",
  "benchmark.override.set",
  "benchmark.override.remove",
  "decontam.run",
  // Near-duplicates (docs/decisions/0022): a lead says a flagged pair is not a duplicate.
  "dedup.neardup.unflag",
  "dedup.neardup.run",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
