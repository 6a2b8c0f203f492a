import { z } from "zod";
import { idParam, route } from "@/lib/http/route";
import { assertReadsDomain } from "@/lib/review";
import { getRun, runFailures } from "@/lib/scoring/runs";

export const dynamic = "force-dynamic";

// Why the run's failed candidates failed: reasons with counts and the first few candidate ids.
// Kept out of GET /api/runs/:id, which the run page polls every second.
export const GET = route({ params: z.object({ id: idParam }) }, async ({ params, principal }) => {
  const run = await getRun(params.id);
  await assertReadsDomain(principal, run.domainId, `Run #${run.id}`);
  return { items: await runFailures(run.id) };
});
