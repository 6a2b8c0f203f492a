import { z } from "zod";
import { actorOf } from "@/lib/auth/tokens";
import { cancelImport, discardImportCandidates, retryImport } from "@/lib/candidates/import-actions";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const params = z.object({ id: z.coerce.number().int().positive() });
const body = z.object({ action: z.enum(["cancel", "retry", "discard"]) });
const actions = { cancel: cancelImport, retry: retryImport, discard: discardImportCandidates };

// One endpoint for an import's state changes; a change its status does not allow is 409, and
// so is a discard of candidates that carry work (scored, reviewed, frozen, …: the message says which).
export const POST = route({ role: "lead", params, body }, async ({ params, body, principal }) =>
  actions[body.action](params.id, actorOf(principal)),
);
