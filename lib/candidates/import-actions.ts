import { recordAudit, type Actor } from "@/lib/audit";
import { pool } from "@/lib/db/client";
import { conflict } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/enqueue";
import { getImportBatch } from "./import-batches";
import { discardImport } from "./import-discard";
import { setImportStatus } from "./import-lifecycle";
import { removeUpload } from "./import-sweep";

// What a lead can do to an import from its page: cancel it, retry one that stopped, or discard
// what it imported (import-discard.ts).

/**
 * Stop a queued, running or interrupted import. Rows already committed stay (they are
 * candidates like any other); a running importer sees the lost claim at its next chunk or
 * heartbeat and stops. The upload is deleted: a cancelled import does not run again.
 */
export async function cancelImport(id: number, actor: Actor) {
  const before = await getImportBatch(id);
  const changed = await setImportStatus(pool(), id, {
    from: ["queued", "running", "interrupted"],
    to: "cancelled",
    errorMessage: `cancelled by ${actor.email ?? "a user"}`,
  });
  if (!changed) throw conflict(`Import #${id} is ${before.status}; only a queued, running or interrupted import can be cancelled`);
  await removeUpload(id);
  await recordAudit({ actor, action: "import.cancel", target: { type: "import_batch", id }, details: { from: before.status, linesRead: before.linesRead } });
  return getImportBatch(id);
}

/**
 * Queue a failed or interrupted upload again; it resumes after its last committed line.
 * Without its file (a CLI import, or an upload already cleaned up) there is nothing to run.
 */
export async function retryImport(id: number, actor: Actor) {
  const before = await getImportBatch(id);
  if (before.status !== "failed" && before.status !== "interrupted") {
    throw conflict(`Import #${id} is ${before.status}; only a failed or interrupted import can be retried`);
  }
  if (!before.retryable) {
    throw conflict(
      before.resumeCommand
        ? `Import #${id} ran from the command line; finish it there: ${before.resumeCommand}`
        : `The file of import #${id} is no longer on the server; upload it again`,
    );
  }
  if (!(await setImportStatus(pool(), id, { from: ["failed", "interrupted"], to: "queued" }))) {
    throw conflict(`Import #${id} changed meanwhile; reload the page`);
  }
  await enqueue("import.run", { batchId: id });
  await recordAudit({ actor, action: "import.retry", target: { type: "import_batch", id }, details: { from: before.status, linesRead: before.linesRead } });
  return getImportBatch(id);
}

/** Discard what an import brought in (nobody worked on it yet); answers the batch as it is now. */
export async function discardImportCandidates(id: number, actor: Actor) {
  await discardImport(id, actor);
  await removeUpload(id); // a failed upload kept for Retry: nothing will retry it now (the sweep also would)
  return getImportBatch(id);
}
