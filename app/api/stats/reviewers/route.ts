import { route } from "@/lib/http/route";
import { reviewersDashboard, reviewersQuerySchema } from "@/lib/stats";

export const dynamic = "force-dynamic";

// Throughput per reviewer per day, queue depth and agreement per domain (leads and admins).
export const GET = route({ role: "lead", query: reviewersQuerySchema }, async ({ query, principal }) => reviewersDashboard(principal, query.days));
