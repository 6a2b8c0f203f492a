import { route } from "@/lib/http/route";
import { adjudicationQueue, domainQuerySchema, reviewDomain } from "@/lib/review";

export const dynamic = "force-dynamic";

// A lead's queue of disagreements in a domain, oldest first, with the reviewers' decisions.
export const GET = route({ role: "lead", query: domainQuerySchema }, async ({ query, principal }) => {
  const domain = await reviewDomain(principal, query.domain);
  return { items: await adjudicationQueue(domain.id) };
});
