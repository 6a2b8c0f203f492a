import { z } from "zod";
import { idParam, route } from "@/lib/http/route";
import { testEndpoint } from "@/lib/models/endpoints";

export const dynamic = "force-dynamic";

/** Sends one tiny request; a failed call is a 200 with the exact error, for the admin to read. */
export const POST = route({ role: "admin", params: z.object({ id: idParam }) }, async ({ params }) =>
  testEndpoint(params.id),
);
