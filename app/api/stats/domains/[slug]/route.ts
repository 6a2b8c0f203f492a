import { z } from "zod";
import { route } from "@/lib/http/route";
import { domainChartsFor, domainChartsQuerySchema } from "@/lib/stats";

export const dynamic = "force-dynamic";
const params = z.object({ slug: z.string().min(1).max(100) });

// The domain page's histogram (stacked by review status) and coverage per bin; ?model=<endpoint id>
// shows that target model's pass rates instead of the domain's difficulty.
export const GET = route({ params, query: domainChartsQuerySchema }, async ({ params, query, principal }) => domainChartsFor(principal, params.slug, query));
