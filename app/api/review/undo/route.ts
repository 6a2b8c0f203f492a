import { actorOf } from "@/lib/auth/tokens";
import { route } from "@/lib/http/route";
import { candidateRefSchema, undo } from "@/lib/review";

export const dynamic = "force-dynamic";

export const POST = route({ body: candidateRefSchema }, async ({ body, principal }) =>
  undo({ ...actorOf(principal), id: principal.userId }, body.candidateId),
);
