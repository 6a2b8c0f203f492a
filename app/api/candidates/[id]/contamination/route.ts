import { z } from "zod";
import { candidateDomainId } from "@/lib/candidates/queries";
import { candidateContamination } from "@/lib/dedup";
import { idParam, route } from "@/lib/http/route";
import { assertReadsDomain } from "@/lib/review";

export const dynamic = "force-dynamic";
const params = z.object({ id: idParam });

// Which benchmarks a candidate shares an n-gram with: the benchmark, the n-gram, the item.
export const GET = route({ params }, async ({ params, principal }) => {
  await assertReadsDomain(principal, await candidateDomainId(params.id), `Candidate #${params.id}`);
  return { items: await candidateContamination(params.id) };
});
