import { listImportBatches, listImportBatchesSchema } from "@/lib/candidates/import-batches";
import { startUploadedImport, uploadMetaSchema } from "@/lib/candidates/import-upload";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ role: "lead", query: listImportBatchesSchema }, async ({ query }) => listImportBatches(query));

// The file is the raw request body (streamed to disk); its name and options are query params.
export const POST = route({ role: "lead", query: uploadMetaSchema }, async ({ req, query, principal }) =>
  startUploadedImport(principal, query, req.body),
);
