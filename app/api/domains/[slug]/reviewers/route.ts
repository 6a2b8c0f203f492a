import { z } from "zod";
import { actorOf } from "@/lib/auth/tokens";
import { route } from "@/lib/http/route";
import { listAssignments, setAssignments } from "@/lib/review";

export const dynamic = "force-dynamic";

const params = z.object({ slug: z.string().min(1).max(100) });
const body = z.object({ userIds: z.array(z.string().min(1).max(100)).max(1000) });

export const GET = route({ role: "lead", params }, async ({ params }) => ({ reviewers: await listAssignments(params.slug) }));

// Replaces the domain's reviewer list (admins and leads).
export const PUT = route({ role: "lead", params, body }, async ({ params, body, principal }) => ({
  reviewers: await setAssignments(actorOf(principal), params.slug, body.userIds),
}));
