import { actorOf } from "@/lib/auth/tokens";
import { route } from "@/lib/http/route";
import { createEndpoint, createEndpointSchema, listEndpoints } from "@/lib/models/endpoints";

export const dynamic = "force-dynamic";

// Leads see endpoints (they pick them for runs); only admins change them. Views carry no keys.
export const GET = route({ role: "lead" }, async () => ({ items: await listEndpoints() }));

export const POST = route({ role: "admin", body: createEndpointSchema }, async ({ body, principal }) =>
  createEndpoint(body, actorOf(principal)),
);
