import { z } from "zod";
import { idParam, route } from "@/lib/http/route";
import { diffSnapshots, itemsPageSchema } from "@/lib/export";

export const dynamic = "force-dynamic";

// What changed from snapshot `against` (the older one, usually) to this one.
const query = itemsPageSchema.extend({ against: idParam, kind: z.enum(["added", "removed", "changed"]).optional() });

export const GET = route({ params: z.object({ id: idParam }), query }, async ({ params, query: q, principal }) =>
  diffSnapshots(principal, q.against, params.id, q),
);
