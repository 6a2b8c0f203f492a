import { route } from "@/lib/http/route";
import { mixtureInputSchema, previewMixture } from "@/lib/export";

export const dynamic = "force-dynamic";

// Rows, tokens and shares per domain of a mixture being built; writes nothing.
export const POST = route({ role: "lead", body: mixtureInputSchema }, async ({ body }) => previewMixture(body));
