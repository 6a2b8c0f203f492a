import { actorOf } from "@/lib/auth/tokens";
import { route } from "@/lib/http/route";
import { freezeSchema, freezeSnapshot, getSnapshot, listSnapshots, listSnapshotsSchema } from "@/lib/export";

export const dynamic = "force-dynamic";

// Reviewers read the snapshots of their domains; leads freeze them.
export const GET = route({ query: listSnapshotsSchema }, async ({ query, principal }) => listSnapshots(principal, query));

export const POST = route({ role: "lead", body: freezeSchema }, async ({ body, principal }) => {
  const { id } = await freezeSnapshot(actorOf(principal), body.domain, body.note);
  return getSnapshot(principal, id);
});
