import { z } from "zod";
import { candidateDomainId } from "@/lib/candidates/queries";
import { nearDupCard } from "@/lib/dedup";
import { idParam, route } from "@/lib/http/route";
import { assertReadsDomain, readableDomainIds } from "@/lib/review";

export const dynamic = "force-dynamic";

// A candidate's near-duplicate facts: its representative, its members, its pairs.
export const GET = route({ params: z.object({ id: idParam }) }, async ({ params, principal }) => {
  await assertReadsDomain(principal, await candidateDomainId(params.id), `Candidate #${params.id}`);
  return nearDupCard(params.id, await readableDomainIds(principal));
});
