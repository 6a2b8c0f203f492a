import { createExportJob, exportRequestSchema, listExportJobs, listExportsSchema } from "@/lib/export";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// Exports are for leads: a reviewer sees only their own domains, an export spans a snapshot's
// or a mixture's whole set.
export const GET = route({ role: "lead", query: listExportsSchema }, async ({ query }) => listExportJobs(query));

export const POST = route({ role: "lead", body: exportRequestSchema }, async ({ body, principal }) =>
  createExportJob({ id: principal.userId, email: principal.email }, body),
);
