import { actorOf } from "@/lib/auth/tokens";
import { benchmarkUploadSchema, listBenchmarks, uploadBenchmarkBody } from "@/lib/dedup";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ role: "lead" }, async () => ({ items: await listBenchmarks() }));

// The file is the raw request body (JSONL); name, release date, format and mapping are query
// params, as for imports. Any bad line refuses the file: 422 with details.badLines.
const file = { contentType: "application/x-ndjson", description: "The benchmark's JSONL file itself (or gzip of it)" };
export const POST = route({ role: "lead", query: benchmarkUploadSchema, rawBody: file }, async ({ req, query, principal }) =>
  uploadBenchmarkBody(actorOf(principal), query, req.body),
);
