import { z } from "zod";
import { getCandidate } from "@/lib/candidates/queries";
import { idParam, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ params: z.object({ id: idParam }) }, async ({ params }) =>
  getCandidate(params.id),
);
