import { z } from "zod";
import { actorOf } from "@/lib/auth/tokens";
import { deleteBenchmark, getBenchmark } from "@/lib/dedup";
import { idParam, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";
const params = z.object({ id: idParam });

export const GET = route({ role: "lead", params }, async ({ params }) => getBenchmark(params.id));

// Uploaded benchmarks only (a built-in is overridden per domain instead): its hits go, flags follow.
export const DELETE = route({ role: "lead", params }, async ({ params, principal }) => {
  await deleteBenchmark(actorOf(principal), params.id);
  return { ok: true };
});
