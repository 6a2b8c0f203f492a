import { auditFilterSchema, listAudit } from "@/lib/audit";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ role: "admin", query: auditFilterSchema }, async ({ query }) => listAudit(query));
