import { z } from "zod";
import { idParam, route } from "@/lib/http/route";
import { candidateEvidence } from "@/lib/scoring/queries";

export const dynamic = "force-dynamic";

// Score, samples and lineage of one candidate: the evidence behind its band.
export const GET = route({ params: z.object({ id: idParam }) }, async ({ params }) =>
  candidateEvidence(params.id),
);
