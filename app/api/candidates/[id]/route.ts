import { z } from "zod";
import { getCandidate } from "@/lib/candidates/queries";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ params: z.object({ id: z.coerce.number().int().positive() }) }, async ({ params }) =>
  getCandidate(params.id),
);
