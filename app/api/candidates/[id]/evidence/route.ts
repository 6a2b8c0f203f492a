import { z } from "zod";
import { candidateDomainId } from "@/lib/candidates/queries";
import { idParam, route } from "@/lib/http/route";
import { assertReadsDomain, readableLineage } from "@/lib/review";
import { candidateEvidence } from "@/lib/scoring/queries";

export const dynamic = "force-dynamic";

// Score, samples and lineage of one candidate: the evidence behind its band.
export const GET = route({ params: z.object({ id: idParam }) }, async ({ params, principal }) => {
  await assertReadsDomain(principal, await candidateDomainId(params.id), `Candidate #${params.id}`);
  return readableLineage(principal, await candidateEvidence(params.id));
});
