import { z } from "zod";
import { actorOf } from "@/lib/auth/tokens";
import { getImportBatch } from "@/lib/candidates/import-batches";
import { latestPass, startDomainNearDup } from "@/lib/dedup";
import { getDomainBySlug, slugSchema } from "@/lib/domains";
import { badRequest } from "@/lib/errors";
import { idParam, route } from "@/lib/http/route";
import { assertReadsDomain } from "@/lib/review";

export const dynamic = "force-dynamic";

// The latest near-duplicate pass of an import (?batch=ID) or a domain (?domain=SLUG), for
// readers of that domain; `null` when none ran.
export const GET = route(
  { query: z.object({ batch: idParam.optional(), domain: slugSchema.optional() }).strict() },
  async ({ query, principal }) => {
    if ((query.batch === undefined) === (query.domain === undefined)) throw badRequest("give batch or domain");
    if (query.batch !== undefined) {
      const batch = await getImportBatch(query.batch);
      await assertReadsDomain(principal, batch.domainId, `Import #${batch.id}`);
      return { pass: await latestPass({ batchId: batch.id }) };
    }
    const domain = await getDomainBySlug(query.domain!);
    await assertReadsDomain(principal, domain.id, `The domain "${domain.slug}"`);
    return { pass: await latestPass({ domainId: domain.id }) };
  },
);

// Leads start a pass for a domain (optionally saving a new threshold first).
export const POST = route(
  { role: "lead", body: z.object({ domain: slugSchema, threshold: z.number().min(0.5).max(1).optional() }).strict() },
  async ({ body, principal }) => ({ pass: await startDomainNearDup(body.domain, actorOf(principal), { threshold: body.threshold }) }),
);
