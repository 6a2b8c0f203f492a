import { actorOf } from "@/lib/auth/tokens";
import { route } from "@/lib/http/route";
import { readableDomainIds } from "@/lib/review";
import { createRun, createRunSchema, listRuns, listRunsSchema } from "@/lib/scoring/runs";

export const dynamic = "force-dynamic";

// Reviewers read the runs of their domains.
export const GET = route({ query: listRunsSchema }, async ({ query, principal }) =>
  listRuns(query, { domainIds: await readableDomainIds(principal) }),
);

export const POST = route({ role: "lead", body: createRunSchema }, async ({ body, principal }) =>
  createRun(body, actorOf(principal)),
);
