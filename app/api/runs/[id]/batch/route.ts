import readline from "node:readline";
import { Readable } from "node:stream";
import type { ReadableStream as NodeWebStream } from "node:stream/web";
import { z } from "zod";
import { actorOf } from "@/lib/auth/tokens";
import { idParam, route } from "@/lib/http/route";
import { ingestBatchOutput, openBatchRun } from "@/lib/scoring/batch";

export const dynamic = "force-dynamic";

const params = z.object({ id: idParam });

// Upload: OpenAI Batch / vLLM run_batch output lines (the raw request body) for this run;
// answers the report. The requests file is made by POST …/batch/requests (it writes: no GET).
const output = { contentType: "application/x-ndjson", description: "OpenAI Batch / vLLM run_batch output lines" };
export const POST = route({ role: "lead", params, rawBody: output }, async ({ req, params, principal }) => {
  await openBatchRun(params.id); // 404 / 409 before the body is read
  const input = req.body ? Readable.fromWeb(req.body as NodeWebStream<Uint8Array>) : Readable.from([]);
  return ingestBatchOutput(params.id, readline.createInterface({ input, crlfDelay: Infinity }), actorOf(principal));
});
