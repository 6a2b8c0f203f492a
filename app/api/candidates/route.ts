import { candidateFilterSchema, listCandidates } from "@/lib/candidates/queries";
import { route } from "@/lib/http/route";
import { readableDomainIds } from "@/lib/review";

export const dynamic = "force-dynamic";

// Reviewers list only their domains' candidates; another domain (or its run) is a 403.
export const GET = route({ query: candidateFilterSchema }, async ({ query, principal }) =>
  listCandidates(query, { domainIds: await readableDomainIds(principal) }),
);
