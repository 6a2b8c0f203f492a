import { z } from "zod";
import { actorOf } from "@/lib/auth/tokens";
import { decontamRequestSchema, domainDecontamState, startDecontamCheck } from "@/lib/dedup";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";
const params = z.object({ slug: z.string() });

// The domain's recent checks (progress of a running one) and its benchmarks with hits and overrides.
export const GET = route({ role: "lead", params }, async ({ params }) => domainDecontamState(params.slug));

// Check the whole domain (all benchmarks, or those named; the default rule unless given): a job.
export const POST = route({ role: "lead", params, body: decontamRequestSchema }, async ({ params, body, principal }) =>
  startDecontamCheck(actorOf(principal), params.slug, body),
);
