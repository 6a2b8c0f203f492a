import { actorOf } from "@/lib/auth/tokens";
import { route } from "@/lib/http/route";
import { adjudicate, adjudicationSchema } from "@/lib/review";

export const dynamic = "force-dynamic";

// A lead's final decision on an item the reviewers disagreed on (audited: review.adjudicate).
export const POST = route({ role: "lead", body: adjudicationSchema }, async ({ body, principal }) =>
  adjudicate({ ...actorOf(principal), id: principal.userId }, body),
);
