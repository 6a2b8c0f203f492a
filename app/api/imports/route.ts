import { listImportBatches, listImportBatchesSchema } from "@/lib/candidates/import-batches";
import { startUploadedImport, uploadMetaSchema } from "@/lib/candidates/import-upload";
import { route } from "@/lib/http/route";
import { readableDomainIds } from "@/lib/review";

export const dynamic = "force-dynamic";

// Reviewers read the imports into their domains; importing is for leads.
export const GET = route({ query: listImportBatchesSchema }, async ({ query, principal }) =>
  listImportBatches(query, { domainIds: await readableDomainIds(principal) }),
);

// The file is the raw request body (streamed to disk); its name and options are query params.
const file = { contentType: "application/x-ndjson", description: "The JSONL file itself (or gzip / zstd of it), streamed" };
export const POST = route({ role: "lead", query: uploadMetaSchema, rawBody: file }, async ({ req, query, principal }) =>
  startUploadedImport(principal, query, req.body),
);
