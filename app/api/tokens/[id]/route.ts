import { z } from "zod";
import { revokeApiToken } from "@/lib/auth/tokens";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const DELETE = route({ params: z.object({ id: z.coerce.number().int().positive() }) }, async ({ params, principal }) =>
  revokeApiToken(principal, params.id),
);
