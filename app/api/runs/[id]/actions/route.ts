import { z } from "zod";
import { actorOf } from "@/lib/auth/tokens";
import { idParam, route } from "@/lib/http/route";
import { cancelRun, pauseRun, resumeRun } from "@/lib/scoring/runs";

export const dynamic = "force-dynamic";

const params = z.object({ id: idParam });
const body = z.object({ action: z.enum(["pause", "resume", "cancel"]) });
const actions = { pause: pauseRun, resume: resumeRun, cancel: cancelRun };

// One endpoint for the run's state changes; a change the run's status does not allow is 409.
export const POST = route({ role: "lead", params, body }, async ({ params, body, principal }) =>
  actions[body.action](params.id, actorOf(principal)),
);
