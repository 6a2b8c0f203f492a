import { actorOf } from "@/lib/auth/tokens";
import { route } from "@/lib/http/route";
import { createRun, createRunSchema, listRuns, listRunsSchema } from "@/lib/scoring/runs";

export const dynamic = "force-dynamic";

export const GET = route({ query: listRunsSchema }, async ({ query }) => listRuns(query));

export const POST = route({ role: "lead", body: createRunSchema }, async ({ body, principal }) =>
  createRun(body, actorOf(principal)),
);
