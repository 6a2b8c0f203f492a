import { z } from "zod";
import { getImportBatch, listImportErrors, listImportErrorsSchema, streamImportErrors } from "@/lib/candidates/import-batches";
import { idParam, route } from "@/lib/http/route";
import { assertReadsDomain } from "@/lib/review";

export const dynamic = "force-dynamic";

const params = z.object({ id: idParam });
const query = listImportErrorsSchema.extend({ download: z.literal("1").optional() });

// JSON pages for the UI, or with ?download=1 every bad line as a JSONL file. Reviewers read
// those of imports into their domains.
export const GET = route({ params, query }, async ({ params, query, principal }) => {
  await assertReadsDomain(principal, (await getImportBatch(params.id)).domainId, `Import #${params.id}`);
  if (!query.download) return listImportErrors(params.id, query);
  const lines = streamImportErrors(params.id);
  const first = await lines.next(); // surfaces a 404 before the download starts
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      if (!first.done) c.enqueue(new TextEncoder().encode(first.value));
    },
    async pull(c) {
      const next = await lines.next();
      if (next.done) c.close();
      else c.enqueue(new TextEncoder().encode(next.value));
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="import-${params.id}-errors.jsonl"`,
    },
  });
});
