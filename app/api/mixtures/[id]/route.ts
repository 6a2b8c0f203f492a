import { z } from "zod";
import { idParam, route } from "@/lib/http/route";
import { getMixture } from "@/lib/export";

export const dynamic = "force-dynamic";

export const GET = route({ role: "lead", params: z.object({ id: idParam }) }, async ({ params }) => getMixture(params.id));
