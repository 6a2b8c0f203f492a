import { z } from "zod";
import { listImportErrors, listImportErrorsSchema, streamImportErrors } from "@/lib/candidates/import-batches";
import { idParam, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const params = z.object({ id: idParam });
const query = listImportErrorsSchema.extend({ download: z.literal("1").optional() });

// JSON pages for the UI, or with ?download=1 every bad line as a JSONL file.
export const GET = route({ role: "lead", params, query }, async ({ params, query }) => {
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
