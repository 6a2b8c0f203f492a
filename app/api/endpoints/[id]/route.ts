import { z } from "zod";
import { actorOf } from "@/lib/auth/tokens";
import { idParam, route } from "@/lib/http/route";
import { deleteEndpoint, getEndpoint, updateEndpoint, updateEndpointSchema } from "@/lib/models/endpoints";

export const dynamic = "force-dynamic";

const params = z.object({ id: idParam });

export const GET = route({ role: "lead", params }, async ({ params }) => getEndpoint(params.id));

export const PATCH = route({ role: "admin", params, body: updateEndpointSchema }, async ({ params, body, principal }) =>
  updateEndpoint(params.id, body, actorOf(principal)),
);

export const DELETE = route({ role: "admin", params }, async ({ params, principal }) => deleteEndpoint(params.id, actorOf(principal)));
