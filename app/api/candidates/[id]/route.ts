import { z } from "zod";
import { getCandidate } from "@/lib/candidates/queries";
import { idParam, route } from "@/lib/http/route";
import { assertReadsDomain } from "@/lib/review";

export const dynamic = "force-dynamic";

export const GET = route({ params: z.object({ id: idParam }) }, async ({ params, principal }) => {
  const c = await getCandidate(params.id);
  await assertReadsDomain(principal, c.domain.id, `Candidate #${c.id}`);
  return c;
});
