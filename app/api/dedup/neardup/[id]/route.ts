import { z } from "zod";
import { getPass } from "@/lib/dedup";
import { idParam, route } from "@/lib/http/route";
import { assertReadsDomain } from "@/lib/review";
import { getImportBatch } from "@/lib/candidates/import-batches";

export const dynamic = "force-dynamic";

// One pass's progress and summary (what the import and domain pages poll).
export const GET = route({ params: z.object({ id: idParam }) }, async ({ params, principal }) => {
  const pass = await getPass(params.id);
  const domainId = pass.domainId ?? (pass.batchId ? (await getImportBatch(pass.batchId)).domainId : null);
  await assertReadsDomain(principal, domainId, `Near-duplicate pass #${pass.id}`);
  return { pass };
});
