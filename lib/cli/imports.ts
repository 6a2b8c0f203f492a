import { cancelImport, discardImportCandidates, retryImport } from "@/lib/candidates/import-actions";
import { getImportBatch, listImportBatches, listImportErrors } from "@/lib/candidates/import-batches";
import { importStatuses, type ImportStatus } from "@/lib/candidates/import-lifecycle";
import { importStatusLabel } from "@/lib/candidates/import-status-label";
import { commonOptions, idArg, numberFlag, parse, UsageError } from "./args";
import { act, localActor, minute, output, query, table, targetFrom, type Target } from "./client";
import { importStatusText, type ImportLine, type ImportStatusView, type ImportView } from "./imports-text";

// edgewise imports list | status | cancel | retry | discard — the Imports pages' reads and a
// lead's actions (GET /api/imports, GET /api/imports/<id> and …/errors, POST
// /api/imports/<id>/actions). Starting an import is `edgewise import FILE` (import.ts).

/** Bad lines `status` shows: enough to see what went wrong; the rest are a download away. */
const FIRST_LINES = 20;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    ...commonOptions,
    domain: { type: "string" },
    status: { type: "string" },
    limit: { type: "string" },
  });
  const [action, arg, ...extra] = positionals;
  if (extra.length) throw new UsageError(`unexpected argument: ${extra[0]}`);
  const target = targetFrom(values);
  const json = values.json;

  switch (action) {
    case "list": {
      if (arg) throw new UsageError(`unexpected argument: ${arg}`);
      if (values.status && !(importStatuses as readonly string[]).includes(values.status)) throw new UsageError(`--status must be one of ${importStatuses.join(", ")}`);
      const limit = numberFlag("limit", values.limit);
      if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= 100)) throw new UsageError("--limit must be a whole number from 1 to 100");
      const q = { domain: values.domain, status: values.status as ImportStatus | undefined, limit };
      // On the database directly every import is listed, as an admin sees them (localReader).
      const { items, nextCursor } = await act<{ items: ImportView[]; nextCursor: number | null }>(target, { path: `/api/imports${query(q)}` }, () => listImportBatches(q));
      output(json, items, () => listText(items, nextCursor !== null));
      return 0;
    }
    case "status": {
      const id = idArg("the import ID", arg);
      const view = await importStatus(target, id);
      output(json, view, () => importStatusText(view));
      return 0;
    }
    case "cancel":
    case "retry":
    case "discard": {
      const id = idArg("the import ID", arg);
      // No confirmation for discard: scripts call it, and it refuses (deleting nothing) once
      // any candidate carries work — the lib check, not a prompt, is what keeps it safe.
      const batch = await act<ImportView>(target, { method: "POST", path: `/api/imports/${id}/actions`, body: { action } }, () =>
        ({ cancel: cancelImport, retry: retryImport, discard: discardImportCandidates })[action](id, localActor()),
      );
      output(json, batch, () => actionText(action, batch));
      return 0;
    }
    default:
      throw new UsageError(action ? `unknown action "${action}": list, status, cancel, retry or discard` : "give an action: list, status, cancel, retry or discard");
  }
}

/** The import, and its first bad lines when it has any (one more request, like the import's page). */
async function importStatus(target: Target, id: number): Promise<ImportStatusView> {
  const batch = await act<ImportView>(target, { path: `/api/imports/${id}` }, () => getImportBatch(id));
  if (batch.rejected + batch.warnings === 0) return { ...batch, errors: [], moreErrors: false };
  const { items, nextAfterLine } = await act<{ items: ImportLine[]; nextAfterLine: number | null }>(
    target,
    { path: `/api/imports/${id}/errors${query({ limit: FIRST_LINES })}` },
    () => listImportErrors(id, { limit: FIRST_LINES }),
  );
  return { ...batch, errors: items, moreErrors: nextAfterLine !== null };
}

function listText(items: ImportView[], more: boolean): string {
  if (!items.length) return 'No imports match: start one with "edgewise import FILE --domain SLUG".';
  const rows = items.map((b) => [
    b.id,
    b.domain?.slug ?? "(per line)",
    importStatusLabel(b),
    b.linesRead,
    b.inserted,
    b.duplicates,
    b.rejected,
    minute(b.createdAt),
    b.createdBy,
    b.fileName,
  ]);
  const text = table(["id", "domain", "status", "read", "inserted", "dups", "rejected", "created", "by", "file"], rows);
  return more ? `${text}\n… older imports: --limit (up to 100), --domain or --status` : text;
}

function actionText(action: "cancel" | "retry" | "discard", b: ImportView): string {
  if (action === "cancel") {
    const kept = b.inserted ? `; the ${b.inserted.toLocaleString("en")} candidates it inserted stay (discard them with "edgewise imports discard ${b.id}")` : "";
    return `import #${b.id} cancelled at line ${b.linesRead.toLocaleString("en")}${kept}`;
  }
  if (action === "retry") return `import #${b.id} queued again: a worker (npm start, or npm run worker) resumes it after line ${b.linesRead.toLocaleString("en")}; follow it with "edgewise imports status ${b.id}"`;
  return `import #${b.id} discarded: ${(b.discardedCount ?? 0).toLocaleString("en")} candidates deleted; the file can be imported again`;
}
