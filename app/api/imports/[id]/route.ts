import { z } from "zod";
import { getImportBatch } from "@/lib/candidates/import-batches";
import { idParam, route } from "@/lib/http/route";
import { assertReadsDomain } from "@/lib/review";

export const dynamic = "force-dynamic";

// Read-only for reviewers of the import's domain (an import naming no domain: leads only).
export const GET = route({ params: z.object({ id: idParam }) }, async ({ params, principal }) => {
  const batch = await getImportBatch(params.id);
  await assertReadsDomain(principal, batch.domainId, `Import #${batch.id}`);
  return batch;
});
