import { actorOf } from "@/lib/auth/tokens";
import { unflagPair, unflagSchema } from "@/lib/dedup";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// A lead says two candidates are not near-duplicates (audited; stays so on later passes).
export const POST = route({ role: "lead", body: unflagSchema }, async ({ body, principal }) => ({
  domain: await unflagPair(body, actorOf(principal)),
}));
