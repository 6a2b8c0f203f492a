import { route } from "@/lib/http/route";
import { myReviewDomains } from "@/lib/review";

export const dynamic = "force-dynamic";

export const GET = route({}, async ({ principal }) => ({ domains: await myReviewDomains(principal) }));
