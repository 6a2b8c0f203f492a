import { z } from "zod";
import { resetUserPassword } from "@/lib/auth/passwords";
import { actorOf } from "@/lib/auth/tokens";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// An admin's reset: the response is the only time the new password is shown.
export const POST = route({ role: "admin", params: z.object({ id: z.string() }) }, async ({ params, principal }) =>
  resetUserPassword(actorOf(principal), params.id),
);
