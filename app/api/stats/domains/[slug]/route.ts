import { z } from "zod";
import { route } from "@/lib/http/route";
import { domainChartsFor } from "@/lib/stats";

export const dynamic = "force-dynamic";
const params = z.object({ slug: z.string().min(1).max(100) });

// The domain page's histogram (stacked by review status) and coverage per bin.
export const GET = route({ params }, async ({ params, principal }) => domainChartsFor(principal, params.slug));
