import { candidateFilterSchema, listCandidates } from "@/lib/candidates/queries";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ query: candidateFilterSchema }, async ({ query }) => listCandidates(query));
