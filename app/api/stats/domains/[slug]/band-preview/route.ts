import { z } from "zod";
import { route } from "@/lib/http/route";
import { bandPreviewFor, bandPreviewQuerySchema } from "@/lib/stats";

export const dynamic = "force-dynamic";
const params = z.object({ slug: z.string().min(1).max(100) });

// Band counts for proposed edges, before a lead saves them (nothing is written).
export const GET = route({ role: "lead", params, query: bandPreviewQuerySchema }, async ({ params, query, principal }) =>
  bandPreviewFor(principal, params.slug, query),
);
