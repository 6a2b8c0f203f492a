import { z } from "zod";
import { idParam, route } from "@/lib/http/route";
import { reviewItemView } from "@/lib/review";

export const dynamic = "force-dynamic";

// Where one candidate stands in review, for the review screen (docs/decisions/0017).
export const GET = route({ query: z.object({ candidateId: idParam }) }, async ({ query, principal }) =>
  reviewItemView(principal, query.candidateId),
);
