import { fieldMappingSchema } from "@/lib/candidates/formats";
import { importStatusLabel } from "@/lib/candidates/import-status-label";
import { minute } from "./client";
import type { ImportBatchView } from "@/lib/candidates/import-batches";

// `edgewise imports status` for people: what the import's page shows, as a few lines of text.

/** One import as GET /api/imports/<id> answers it (dates are ISO strings over HTTP). */
export type ImportView = ImportBatchView;
export type ImportLine = { line: number; reason: string; severity: string };
/** `status --json`: the import and its first bad lines (and warnings), as …/errors pages them. */
export type ImportStatusView = ImportView & { errors: ImportLine[]; moreErrors: boolean };

const n = (x: number) => x.toLocaleString("en");

export function importStatusText(b: ImportStatusView): string {
  const into = b.domain ? b.domain.slug : "the domains its lines name";
  const lines = [`import #${b.id} ${importStatusLabel(b)}: ${b.fileName} → ${into} (${b.format})`];
  lines.push(`  read ${n(b.linesRead)} lines: ${n(b.inserted)} inserted, ${n(b.duplicates)} duplicates, ${n(b.rejected)} rejected${b.warnings ? `, ${n(b.warnings)} warnings (kept)` : ""}`);
  lines.push(`  by ${b.createdBy} · queued ${minute(b.createdAt)}${b.finishedAt ? ` · finished ${minute(b.finishedAt)}` : b.startedAt ? ` · started ${minute(b.startedAt)}` : ""} UTC`);
  const mapping = mappingText(b.mapping);
  if (mapping) lines.push(`  mapping: ${mapping}`);
  if (b.status === "running" && b.stale) {
    lines.push(`  no heartbeat from ${b.runner ?? "its process"}${b.heartbeatAgeSeconds === null ? "" : ` for ${n(b.heartbeatAgeSeconds)} s`}: it has probably died`);
  } else if (b.status === "running" && b.runner) {
    lines.push(`  running in ${b.runner}`);
  }
  if (b.errorMessage && (b.status === "failed" || b.status === "interrupted" || b.status === "cancelled")) lines.push(`  ${b.status}: ${b.errorMessage}`);
  if (b.status === "discarded") {
    lines.push(`  discarded by ${b.discardedBy ?? "a lead"}${b.discardedAt ? ` on ${minute(b.discardedAt)} UTC` : ""}: ${n(b.discardedCount ?? 0)} candidates deleted; the counts above are what it imported`);
  }
  // What can be done next, as the command that does it.
  if (b.resumeCommand && (b.status !== "running" || b.stale)) lines.push(`  finish it from the terminal that has the file: ${b.resumeCommand}`);
  else if (b.retryable) lines.push(`  retry it: edgewise imports retry ${b.id}`);
  if (b.errors.length) {
    lines.push(`  bad lines (${n(b.rejected)} rejected${b.warnings ? `, ${n(b.warnings)} warnings` : ""}):`);
    for (const e of b.errors) lines.push(`    line ${n(e.line)}: ${e.severity === "warning" ? "(warning, kept) " : ""}${e.reason}`);
    if (b.moreErrors) lines.push(`    … more: all of them as JSONL from GET /api/imports/${b.id}/errors?download=1, or the import's page`);
  }
  return lines.join("\n");
}

/** A generic import's field mapping as "prompt ← problem, answer ← solution", in field order. */
function mappingText(mapping: unknown): string {
  if (!mapping || typeof mapping !== "object") return "";
  const order = Object.keys(fieldMappingSchema.shape);
  return Object.entries(mapping as Record<string, unknown>)
    .filter(([, key]) => typeof key === "string" && key)
    .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
    .map(([field, key]) => `${field} ← ${String(key)}`)
    .join(", ");
}
