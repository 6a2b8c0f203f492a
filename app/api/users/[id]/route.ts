import { z } from "zod";
import { roleSchema } from "@/lib/auth/roles";
import { actorOf } from "@/lib/auth/tokens";
import { updateUser } from "@/lib/auth/users";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const PATCH = route(
  { role: "admin", params: z.object({ id: z.string() }), body: z.object({ role: roleSchema.optional(), active: z.boolean().optional() }) },
  async ({ params, body, principal }) => updateUser(actorOf(principal), params.id, body),
);
