import { z } from "zod";
import { actorOf } from "@/lib/auth/tokens";
import { idParam, route } from "@/lib/http/route";
import { driftPageSchema, driftReport, driftRuns, driftSchema, startDrift } from "@/lib/export";

export const dynamic = "force-dynamic";

const params = z.object({ id: idParam });
const query = driftPageSchema.extend({ run: idParam.optional() });

// Without ?run: the drift runs started from this snapshot. With it: that run's drift report.
export const GET = route({ params, query }, async ({ params: p, query: q, principal }) =>
  q.run ? driftReport(principal, p.id, q.run, q) : { runs: await driftRuns(principal, p.id) },
);

export const POST = route({ role: "lead", params, body: driftSchema }, async ({ params: p, body, principal }) =>
  startDrift(actorOf(principal), p.id, body),
);
