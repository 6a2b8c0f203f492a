import { route } from "@/lib/http/route";
import { candidateRefSchema, heartbeat } from "@/lib/review";

export const dynamic = "force-dynamic";

// Renews the caller's lease while the item is on their screen; 409 once it is gone.
export const POST = route({ body: candidateRefSchema }, async ({ body, principal }) => ({ item: await heartbeat(principal.userId, body.candidateId) }));
