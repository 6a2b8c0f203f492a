import { z } from "zod";
import { actorOf } from "@/lib/auth/tokens";
import { route } from "@/lib/http/route";
import { createMixture, listMixtures, mixtureInputSchema } from "@/lib/export";

export const dynamic = "force-dynamic";

// Mixtures span domains: a lead's tool, read and written by leads and admins.
const query = z.object({ cursor: z.coerce.number().int().positive().max(2_147_483_647).optional(), limit: z.coerce.number().int().min(1).max(200).optional() });

export const GET = route({ role: "lead", query }, async ({ query: q }) => listMixtures(q));

export const POST = route({ role: "lead", body: mixtureInputSchema }, async ({ body, principal }) => createMixture(actorOf(principal), body));
