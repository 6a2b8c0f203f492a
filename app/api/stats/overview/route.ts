import { route } from "@/lib/http/route";
import { overviewFor } from "@/lib/stats";

export const dynamic = "force-dynamic";

// The Overview's per-domain numbers, funnel and last-24-hours changes (reviewers: their domains).
export const GET = route({}, async ({ principal }) => overviewFor(principal));
