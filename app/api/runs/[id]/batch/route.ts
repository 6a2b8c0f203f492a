import readline from "node:readline";
import { PassThrough, Readable } from "node:stream";
import type { ReadableStream as NodeWebStream } from "node:stream/web";
import { z } from "zod";
import { actorOf } from "@/lib/auth/tokens";
import { route } from "@/lib/http/route";
import { ingestBatchOutput, writeBatchRequests } from "@/lib/scoring/batch";
import { getRun } from "@/lib/scoring/runs";

export const dynamic = "force-dynamic";

const params = z.object({ id: z.coerce.number().int().positive() });

// Download: the OpenAI Batch input lines the run still needs, streamed as they are written.
export const GET = route({ role: "lead", params }, async ({ params }) => {
  await getRun(params.id); // a missing run is a 404, not a broken download
  const out = new PassThrough();
  writeBatchRequests(params.id, out).then(() => out.end(), (err: Error) => out.destroy(err));
  return new Response(Readable.toWeb(out) as ReadableStream<Uint8Array>, {
    headers: {
      "content-type": "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="run-${params.id}-requests.jsonl"`,
    },
  });
});

// Upload: OpenAI Batch / vLLM run_batch output lines (the raw request body); answers the report.
export const POST = route({ role: "lead", params }, async ({ req, params, principal }) => {
  await getRun(params.id);
  const input = req.body ? Readable.fromWeb(req.body as NodeWebStream<Uint8Array>) : Readable.from([]);
  return ingestBatchOutput(readline.createInterface({ input, crlfDelay: Infinity }), actorOf(principal));
});
