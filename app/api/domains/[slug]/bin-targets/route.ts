import { z } from "zod";
import { actorOf } from "@/lib/auth/tokens";
import { route } from "@/lib/http/route";
import { binTargetsSchema, setBinTargets } from "@/lib/stats";

export const dynamic = "force-dynamic";
const params = z.object({ slug: z.string().min(1).max(100) });

// Replaces the domain's per-bin accepted targets (leads and admins; audited).
export const PUT = route({ role: "lead", params, body: binTargetsSchema }, async ({ params, body, principal }) => ({
  targets: await setBinTargets(actorOf(principal), params.slug, body),
}));
