import { z } from "zod";
import { idParam, route } from "@/lib/http/route";
import { getSnapshot, itemsPageSchema, snapshotItems } from "@/lib/export";

export const dynamic = "force-dynamic";

// The snapshot with a keyset page of its items (?cursor=&limit=).
export const GET = route({ params: z.object({ id: idParam }), query: itemsPageSchema }, async ({ params, query, principal }) => {
  const snapshot = await getSnapshot(principal, params.id);
  return { ...snapshot, items: await snapshotItems(principal, params.id, query) };
});
