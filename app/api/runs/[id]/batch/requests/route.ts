import { PassThrough, Readable } from "node:stream";
import { z } from "zod";
import { idParam, route } from "@/lib/http/route";
import { openBatchRun, writeBatchRequests } from "@/lib/scoring/batch";

export const dynamic = "force-dynamic";

// The OpenAI Batch input lines the run still needs, streamed as they are written. A POST, not
// a GET: preparing them settles candidates that need nothing more (it writes), and a GET must
// not write — a link prefetch or a crawler would change the run (ADR 0016).
export const POST = route({ role: "lead", params: z.object({ id: idParam }) }, async ({ params }) => {
  await openBatchRun(params.id); // a missing or finished run is a 404 / 409, not a broken download
  const out = new PassThrough();
  writeBatchRequests(params.id, out).then(() => out.end(), (err: Error) => out.destroy(err));
  return new Response(Readable.toWeb(out) as ReadableStream<Uint8Array>, {
    headers: {
      "content-type": "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="run-${params.id}-requests.jsonl"`,
    },
  });
});
