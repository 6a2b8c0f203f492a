import { actorOf } from "@/lib/auth/tokens";
import { createDomain, createDomainSchema, listDomains } from "@/lib/domains";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({}, async () => ({ items: await listDomains() }));

export const POST = route({ role: "lead", body: createDomainSchema }, async ({ body, principal }) =>
  createDomain(body, actorOf(principal)),
);
