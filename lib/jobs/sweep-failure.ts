import { isConnectionError } from "@/lib/db/outage";
import { log } from "@/lib/log";

/**
 * How a periodic sweep of the worker reports a failure: a database that is away (restarting,
 * or stopping because a Ctrl-C reached PostgreSQL with the rest of the process group) is a
 * warning, since the next round does the work; anything else is an error.
 */
export const sweepFailureLevel = (err: unknown): "warn" | "error" => (isConnectionError(err) ? "warn" : "error");

export const sweepFailed = (what: string) => (err: unknown) =>
  sweepFailureLevel(err) === "warn"
    ? log.warn({ err }, `${what} skipped: the database is unavailable; the next round retries`)
    : log.error({ err }, `${what} failed`);
