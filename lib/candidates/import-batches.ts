import fs from "node:fs";
import { z } from "zod";
import { recordAudit } from "@/lib/audit";
import { db, pool } from "@/lib/db/client";
import { getDomainBySlug } from "@/lib/domains";
import { importDeadSeconds } from "@/lib/env";
import { notFound } from "@/lib/errors";
import { neutraliseFileName } from "@/lib/text/names";
import { fieldMappingSchema, importFormats } from "./formats";
import { importStatuses, type ImportStatus } from "./import-lifecycle";
import { dbId } from "@/lib/db/ids";

// Import batches: the record of who imported what, when, and how it went. Progress counters
// are updated by the importer after each committed chunk, so a UI can poll them. Status
// changes go through import-lifecycle.ts only.

export const createImportBatchSchema = z.object({
  fileName: z.string().trim().min(1).max(255).transform(neutraliseFileName), // shown in lists and the audit: no U+202E tricks
  format: z.enum(importFormats).default("generic"),
  domainSlug: z.string().trim().min(1).optional(),
  mapping: fieldMappingSchema.optional(),
  createdBy: z.string().trim().min(1).max(200),
  /** The signed-in user behind `createdBy`, for the audit trail (absent for CLI/seed). */
  createdById: z.string().optional(),
  uploadPath: z.string().optional(),
  bytesTotal: z.number().int().nonnegative().optional(),
});
export type CreateImportBatchInput = z.input<typeof createImportBatchSchema>;

export async function createImportBatch(input: CreateImportBatchInput): Promise<{ id: number }> {
  const data = createImportBatchSchema.parse(input);
  const domain = data.domainSlug ? await getDomainBySlug(data.domainSlug) : null;
  const mapping = data.mapping && Object.keys(data.mapping).length ? data.mapping : undefined;
  const batch = await db().importBatch.create({
    data: {
      fileName: data.fileName,
      format: data.format,
      domainId: domain?.id,
      mapping,
      createdBy: data.createdBy,
      uploadPath: data.uploadPath,
      bytesTotal: data.bytesTotal === undefined ? undefined : BigInt(data.bytesTotal),
    },
    select: { id: true },
  });
  await recordAudit({
    actor: { id: data.createdById ?? null, email: data.createdBy },
    action: "import.create",
    target: { type: "import_batch", id: batch.id },
    details: { fileName: data.fileName, format: data.format, domain: data.domainSlug ?? null },
  });
  return batch;
}

export type ImportBatchView = Awaited<ReturnType<typeof getImportBatch>>;

const batchSelect = {
  id: true,
  fileName: true,
  format: true,
  mapping: true,
  status: true,
  createdBy: true,
  bytesTotal: true,
  bytesRead: true,
  linesRead: true,
  inserted: true,
  duplicates: true,
  rejected: true,
  warnings: true,
  errorMessage: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  uploadPath: true,
  heartbeatAt: true,
  runner: true,
  domainId: true,
  discardedCount: true,
  discardedBy: true,
  discardedAt: true,
  domain: { select: { slug: true, name: true } },
} as const;

type BatchRow = {
  id: number;
  fileName: string;
  status: ImportStatus;
  bytesTotal: bigint | null;
  bytesRead: bigint;
  uploadPath: string | null;
  heartbeatAt: Date | null;
  runner: string | null;
};

/**
 * What a reader may see. BigInt byte counts become numbers (JSON cannot carry bigint, and
 * 2^53 bytes is plenty); the upload path stays hidden, but whether Retry can work is told;
 * a running batch whose heartbeat is stale is flagged, so nobody mistakes it for a live one.
 */
function view<T extends BatchRow>(b: T) {
  const { uploadPath, ...rest } = b;
  const heartbeatAgeSeconds = b.heartbeatAt ? Math.max(0, Math.round((Date.now() - b.heartbeatAt.getTime()) / 1000)) : null;
  const retryable = (b.status === "failed" || b.status === "interrupted") && uploadPath !== null && fs.existsSync(uploadPath);
  const fromCli = b.runner?.startsWith("cli") ?? false;
  return {
    ...rest,
    bytesTotal: b.bytesTotal === null ? null : Number(b.bytesTotal),
    bytesRead: Number(b.bytesRead),
    heartbeatAgeSeconds,
    stale: b.status === "running" && (heartbeatAgeSeconds === null || heartbeatAgeSeconds > importDeadSeconds()),
    retryable,
    /** How to finish a CLI import that stopped, from the terminal that has the file. */
    resumeCommand: fromCli && ["failed", "interrupted", "running"].includes(b.status) ? `edgewise import ${b.fileName} --resume ${b.id}` : null,
  };
}

export async function getImportBatch(id: number) {
  const b = await db().importBatch.findUnique({ where: { id }, select: batchSelect });
  if (!b) throw notFound(`Import #${id}`);
  return view(b);
}

/** Internal: the batch with its upload path (the worker needs it; the browser never sees it). */
export async function getImportBatchForRun(id: number) {
  const b = await db().importBatch.findUnique({ where: { id }, select: batchSelect });
  if (!b) throw notFound(`Import #${id}`);
  return b;
}

export const listImportBatchesSchema = z.object({
  /** Only imports into this domain (by slug); an unknown slug lists nothing, as runs do. */
  domain: z.string().trim().min(1).max(40).optional(),
  status: z.enum(importStatuses).optional(),
  cursor: dbId.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

/**
 * Newest first, keyset-paginated by id. `domainIds` (a reviewer's domains) keeps the imports
 * into those domains; an import whose lines name their own domains is then left out.
 */
export async function listImportBatches(input: z.input<typeof listImportBatchesSchema> = {}, opts: { domainIds?: number[] | null } = {}) {
  const { domain, status, cursor, limit } = listImportBatchesSchema.parse(input);
  const rows = await db().importBatch.findMany({
    where: {
      ...(cursor ? { id: { lt: cursor } } : {}),
      ...(opts.domainIds ? { domainId: { in: opts.domainIds } } : {}),
      ...(domain ? { domain: { slug: domain } } : {}),
      ...(status ? { status } : {}),
    },
    orderBy: { id: "desc" },
    take: limit + 1,
    select: batchSelect,
  });
  const more = rows.length > limit;
  const items = (more ? rows.slice(0, limit) : rows).map(view);
  return { items, nextCursor: more ? items[items.length - 1].id : null };
}

export const listImportErrorsSchema = z.object({
  afterLine: z.coerce.number().int().nonnegative().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/** Bad lines and warnings (lines kept: `severity`), in line order, keyset-paginated by line number. */
export async function listImportErrors(batchId: number, input: z.input<typeof listImportErrorsSchema> = {}) {
  const { afterLine, limit } = listImportErrorsSchema.parse(input);
  const rows = await db().importError.findMany({
    where: { batchId, line: afterLine === undefined ? undefined : { gt: afterLine } },
    orderBy: { line: "asc" },
    take: limit + 1,
    select: { line: true, reason: true, severity: true },
  });
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  return { items, nextAfterLine: more ? items[items.length - 1].line : null };
}

/** Every bad line and warning as JSONL ({"line", "reason", "severity"}), streamed in pages for a download. */
export async function* streamImportErrors(batchId: number): AsyncGenerator<string> {
  await getImportBatch(batchId); // 404 for an unknown batch, before any bytes are sent
  let after = 0;
  for (;;) {
    const { rows } = await pool().query<{ line: number; reason: string; severity: string }>(
      "select line, reason, severity from import_error where batch_id = $1 and line > $2 order by line limit 5000",
      [batchId, after],
    );
    if (rows.length === 0) return;
    yield rows.map((r) => JSON.stringify(r)).join("\n") + "\n";
    after = rows[rows.length - 1].line;
  }
}
