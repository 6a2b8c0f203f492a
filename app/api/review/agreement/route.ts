import { route } from "@/lib/http/route";
import { agreementReport, domainQuerySchema, reviewDomain } from "@/lib/review";

export const dynamic = "force-dynamic";

// Inter-rater agreement of a domain: its κ, each reviewer pair's, and per-reviewer figures.
export const GET = route({ role: "lead", query: domainQuerySchema }, async ({ query, principal }) => {
  const domain = await reviewDomain(principal, query.domain);
  return agreementReport(domain.id, domain.reviewersPerItem);
});
