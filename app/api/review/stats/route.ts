import { z } from "zod";
import { route } from "@/lib/http/route";
import { queueStats, reviewDomain } from "@/lib/review";

export const dynamic = "force-dynamic";

const query = z.object({ domain: z.string().min(1).max(100), band: z.enum(["teachable", "too_easy", "too_hard", "unverifiable"]).default("teachable") });

export const GET = route({ query }, async ({ query, principal }) => {
  const domain = await reviewDomain(principal, query.domain);
  return queueStats(principal.userId, domain.id, query.band);
});
