import { z } from "zod";
import { actorOf } from "@/lib/auth/tokens";
import { route } from "@/lib/http/route";
import { adjudicate, adjudicationQueue, adjudicationSchema, reviewDomain } from "@/lib/review";

export const dynamic = "force-dynamic";

const query = z.object({ domain: z.string().min(1).max(100) });

// A lead's queue of disagreements, and the lead's final decision on one.
export const GET = route({ role: "lead", query }, async ({ query, principal }) => {
  const domain = await reviewDomain(principal, query.domain);
  return { items: await adjudicationQueue(domain.id) };
});

export const POST = route({ role: "lead", body: adjudicationSchema }, async ({ body, principal }) =>
  adjudicate({ ...actorOf(principal), id: principal.userId }, body),
);
