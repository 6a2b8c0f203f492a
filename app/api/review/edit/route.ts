import { route } from "@/lib/http/route";
import { editCandidate, editSchema } from "@/lib/review";

export const dynamic = "force-dynamic";

// Fix the prompt or the reference of the item the caller holds (leads: any item): the original
// is kept in the edit history and the candidate is re-scored as a job before it can be accepted.
export const POST = route({ body: editSchema }, async ({ body, principal }) => editCandidate(principal, body));
