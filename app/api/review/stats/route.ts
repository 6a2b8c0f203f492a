import { route } from "@/lib/http/route";
import { checkBand, queueStats, reviewDomain, statsQuerySchema } from "@/lib/review";

export const dynamic = "force-dynamic";

export const GET = route({ query: statsQuerySchema }, async ({ query, principal }) => {
  checkBand(principal, query.band);
  const domain = await reviewDomain(principal, query.domain);
  return queueStats(principal.userId, domain.id, query.band);
});
