import { z } from "zod";
import { revokeApiToken } from "@/lib/auth/tokens";
import { idParam, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const DELETE = route({ params: z.object({ id: idParam }) }, async ({ params, principal }) =>
  revokeApiToken(principal, params.id),
);
