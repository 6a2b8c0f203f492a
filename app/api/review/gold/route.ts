import { actorOf } from "@/lib/auth/tokens";
import { route } from "@/lib/http/route";
import { candidateRefSchema, domainQuerySchema, goldSchema, listGold, removeGold, reviewDomain, setGold } from "@/lib/review";

export const dynamic = "force-dynamic";

// Gold items (lead+): candidates with a known decision, slipped into claims at the domain's rate.
export const GET = route({ role: "lead", query: domainQuerySchema }, async ({ query, principal }) => {
  const domain = await reviewDomain(principal, query.domain);
  return { items: await listGold(domain.id) };
});

export const POST = route({ role: "lead", body: goldSchema }, async ({ body, principal }) =>
  setGold({ ...actorOf(principal), id: principal.userId }, body),
);

export const DELETE = route({ role: "lead", body: candidateRefSchema }, async ({ body, principal }) =>
  removeGold({ ...actorOf(principal), id: principal.userId }, body.candidateId),
);
