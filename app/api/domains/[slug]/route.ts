import { z } from "zod";
import { actorOf } from "@/lib/auth/tokens";
import { getDomainBySlug, updateDomain, updateDomainSchema } from "@/lib/domains";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";
const params = z.object({ slug: z.string() });

export const GET = route({ params }, async ({ params }) => getDomainBySlug(params.slug));

export const PATCH = route({ role: "lead", params, body: updateDomainSchema }, async ({ params, body, principal }) =>
  updateDomain(params.slug, body, actorOf(principal)),
);
