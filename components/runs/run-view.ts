import type { RunProgress } from "@/lib/scoring/progress";
import type { RunView as ServerRunView } from "@/lib/scoring/runs";

// A run as the browser sees it: the server's RunView with dates that arrive as strings from
// the API (and as Dates in server-rendered props).
type Dated = "createdAt" | "startedAt" | "finishedAt";
export type RunView = Omit<ServerRunView, Dated> & {
  createdAt: Date | string;
  startedAt: Date | string | null;
  finishedAt: Date | string | null;
};

/** GET /api/runs/ID: the run and its live progress. */
export type RunLive = RunView & { progress: RunProgress };

/** What the run pages show of its target endpoint (the run stores only its id). */
export interface EndpointLabel {
  name: string;
  model: string;
  simulated: boolean;
}

export const liveStatus = (s: RunView["status"]) => s === "queued" || s === "running";
