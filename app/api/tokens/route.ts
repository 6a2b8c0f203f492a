import { createApiToken, createTokenSchema, listApiTokens } from "@/lib/auth/tokens";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({}, async ({ principal }) => ({ items: await listApiTokens(principal) }));

// The response is the only time the token is ever shown.
export const POST = route({ body: createTokenSchema }, async ({ body, principal }) => createApiToken(principal, body));
