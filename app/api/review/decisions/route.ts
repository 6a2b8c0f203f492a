import { actorOf } from "@/lib/auth/tokens";
import { route } from "@/lib/http/route";
import { decide, decisionSchema } from "@/lib/review";

export const dynamic = "force-dynamic";

// Accept, reject (with a reason) or skip the item the caller holds; 409 without a live lease.
export const POST = route({ body: decisionSchema }, async ({ body, principal }) =>
  decide({ ...actorOf(principal), id: principal.userId }, body),
);
