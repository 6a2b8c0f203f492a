import { z } from "zod";
import { actorOf } from "@/lib/auth/tokens";
import { getDomainBySlug, updateDomainSchema } from "@/lib/domains";
import { route } from "@/lib/http/route";
import { assertReadsDomain } from "@/lib/review";
import { updateDomain } from "@/lib/scoring/domain-update";

export const dynamic = "force-dynamic";
const params = z.object({ slug: z.string() });

export const GET = route({ params }, async ({ params, principal }) => {
  const domain = await getDomainBySlug(params.slug);
  await assertReadsDomain(principal, domain.id, "This domain"); // a reviewer: only their domains
  return domain;
});

export const PATCH = route({ role: "lead", params, body: updateDomainSchema }, async ({ params, body, principal }) =>
  updateDomain(params.slug, body, actorOf(principal)),
);
