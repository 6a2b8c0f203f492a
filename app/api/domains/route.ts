import { actorOf } from "@/lib/auth/tokens";
import { createDomain, createDomainSchema, listDomains } from "@/lib/domains";
import { route } from "@/lib/http/route";
import { readableDomainIds } from "@/lib/review";

export const dynamic = "force-dynamic";

// Reviewers list the domains they are assigned to (as the Domains page shows them).
export const GET = route({}, async ({ principal }) => {
  const [all, readable] = await Promise.all([listDomains(), readableDomainIds(principal)]);
  return { items: readable ? all.filter((d) => readable.includes(d.id)) : all };
});

export const POST = route({ role: "lead", body: createDomainSchema }, async ({ body, principal }) =>
  createDomain(body, actorOf(principal)),
);
