import { actorOf } from "@/lib/auth/tokens";
import { route } from "@/lib/http/route";
import { transformCandidates, transformSchema } from "@/lib/scoring/transform";

export const dynamic = "force-dynamic";

// Queue synthetic rewrites (by candidate ids, or a domain's band); the variants arrive as new
// candidates linked to their parents.
export const POST = route({ role: "lead", body: transformSchema }, async ({ body, principal }) =>
  transformCandidates(body, actorOf(principal)),
);
