import { z } from "zod";
import { getImportBatch } from "@/lib/candidates/import-batches";
import { idParam, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ role: "lead", params: z.object({ id: idParam }) }, async ({ params }) =>
  getImportBatch(params.id),
);
