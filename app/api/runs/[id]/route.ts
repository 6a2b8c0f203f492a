import { z } from "zod";
import { idParam, route } from "@/lib/http/route";
import { assertReadsDomain } from "@/lib/review";
import { getRun, runProgress } from "@/lib/scoring/runs";

export const dynamic = "force-dynamic";

// The run with its live progress (rates, item states, bands so far): what the run page polls.
// Reviewers read the runs of their domains.
export const GET = route({ params: z.object({ id: idParam }) }, async ({ params, principal }) => {
  const run = await getRun(params.id);
  await assertReadsDomain(principal, run.domainId, `Run #${run.id}`);
  return { ...run, progress: await runProgress(run.id) };
});
