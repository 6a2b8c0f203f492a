import { z } from "zod";
import { actorOf } from "@/lib/auth/tokens";
import { route } from "@/lib/http/route";
import { difficultyBasisSchema, setDifficultyBasis } from "@/lib/scoring/domain-difficulty";

export const dynamic = "force-dynamic";
const params = z.object({ slug: z.string().min(1).max(100) });

// Which target model's pass rate defines the domain's band (leads and admins; audited). Saving
// re-triages the domain's scores from stored per-model pass rates: no re-sampling.
export const PUT = route({ role: "lead", params, body: difficultyBasisSchema }, async ({ params, body, principal }) =>
  setDifficultyBasis(params.slug, body, actorOf(principal)),
);
