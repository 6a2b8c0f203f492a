import { z } from "zod";
import { actorOf } from "@/lib/auth/tokens";
import { setBenchmarkOverride } from "@/lib/dedup";
import { idParam, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";
const params = z.object({ slug: z.string(), id: idParam });
const body = z.object({ overridden: z.boolean() });

// A lead's per-domain override of a benchmark (audited): its hits stop (or start again) flagging.
export const PUT = route({ role: "lead", params, body }, async ({ params, body, principal }) =>
  setBenchmarkOverride(actorOf(principal), params.slug, params.id, body.overridden),
);
