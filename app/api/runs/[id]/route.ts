import { z } from "zod";
import { idParam, route } from "@/lib/http/route";
import { getRun, runProgress } from "@/lib/scoring/runs";

export const dynamic = "force-dynamic";

// The run with its live progress (rates, item states, bands so far): what the run page polls.
export const GET = route({ params: z.object({ id: idParam }) }, async ({ params }) => {
  const run = await getRun(params.id);
  return { ...run, progress: await runProgress(run.id) };
});
