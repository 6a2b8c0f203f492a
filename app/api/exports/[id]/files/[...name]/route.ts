import fs from "node:fs";
import { Readable } from "node:stream";
import { z } from "zod";
import { exportFile } from "@/lib/export";
import { idParam, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// A done export's file, streamed from disk (never read whole). The name must be one the job
// lists (data/train-00000-of-00001.parquet has a slash: a catch-all segment).
export const GET = route(
  { role: "lead", params: z.object({ id: idParam, name: z.array(z.string().min(1).max(200)).min(1).max(4) }) },
  async ({ params }) => {
    const file = await exportFile(params.id, params.name.join("/"));
    const body = Readable.toWeb(fs.createReadStream(file.path)) as ReadableStream<Uint8Array>;
    const base = file.name.split("/").pop()!;
    return new Response(body, {
      headers: {
        "content-type": file.name.endsWith(".json") ? "application/json" : file.name.endsWith(".md") ? "text/markdown; charset=utf-8" : "application/octet-stream",
        "content-length": String(file.bytes),
        "content-disposition": `attachment; filename="export-${params.id}-${base}"`,
      },
    });
  },
);
