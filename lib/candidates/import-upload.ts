import fs from "node:fs";
import { z } from "zod";
import type { Principal } from "@/lib/auth/principal";
import { enqueue } from "@/lib/jobs/enqueue";
import { checkImportableFile } from "./decode-input";
import { createImportBatch } from "./import-batches";
import { fieldMappingSchema, importFormats } from "./formats";
import { saveUpload } from "./upload";

// A browser (or `edgewise import --token`) upload: the file arrives as the raw request body,
// is streamed to disk, and a background job imports it; the caller polls the batch.

export const uploadMetaSchema = z.object({
  fileName: z.string().trim().min(1).max(255),
  format: z.enum(importFormats).default("generic"),
  domain: z.string().trim().min(1).optional(),
  mapping: z
    .string()
    .optional()
    .transform((s) => (s ? fieldMappingSchema.parse(JSON.parse(s)) : undefined)),
});

export async function startUploadedImport(principal: Principal, meta: z.infer<typeof uploadMetaSchema>, body: ReadableStream<Uint8Array> | null) {
  const upload = await saveUpload(body);
  try {
    checkImportableFile(upload.path); // a zip or Parquet file: say so now, not from the worker
    const { id } = await createImportBatch({
      fileName: meta.fileName,
      format: meta.format,
      domainSlug: meta.domain,
      mapping: meta.mapping,
      createdBy: principal.email,
      createdById: principal.userId,
      uploadPath: upload.path,
      bytesTotal: upload.bytes,
    });
    await enqueue("import.run", { batchId: id });
    return { batchId: id, bytes: upload.bytes };
  } catch (err) {
    fs.rmSync(upload.path, { force: true });
    throw err;
  }
}
