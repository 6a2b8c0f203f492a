import { isConnectionError, outageReason } from "@/lib/db/outage";
import { log } from "@/lib/log";

/**
 * Process-level last resort for the worker and the CLI (Next.js installs its own, which log
 * and keep serving). A lost database connection that escaped every listener is logged and
 * survived: the pools reconnect on next use. Any other uncaught exception leaves the process
 * in an unknown state, so it exits non-zero and `npm start` restarts it (lib/launch/supervise.ts).
 * Unhandled rejections are logged, not fatal, as in Next.js.
 */
export function installProcessGuards(name: string): void {
  process.on("unhandledRejection", (reason) => {
    if (isConnectionError(reason)) log.warn({ process: name, reason: outageReason(reason) }, "database unavailable (unhandled rejection)");
    else log.error({ process: name, err: reason }, "unhandled rejection");
  });
  process.on("uncaughtException", (err) => {
    if (isConnectionError(err)) {
      log.warn({ process: name, reason: outageReason(err) }, "database connection lost (uncaught); continuing");
      return;
    }
    log.fatal({ process: name, err }, "uncaught exception; exiting");
    process.exitCode = 1;
    setTimeout(() => process.exit(1), 100).unref(); // let pino flush
  });
}
