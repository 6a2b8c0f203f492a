import { z } from "zod";
import { getImportBatch } from "@/lib/candidates/import-batches";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ role: "lead", params: z.object({ id: z.coerce.number().int().positive() }) }, async ({ params }) =>
  getImportBatch(params.id),
);
