// `npm run worker`: a separate process that runs background jobs. Start as many as you like
// against the same DATABASE_URL; pg-boss hands each job to exactly one of them.
import { disconnect } from "@/lib/db/client";
import { ensureDatabase } from "@/lib/db/bootstrap";
import { installProcessGuards } from "@/lib/launch/guards";
import { log } from "@/lib/log";
import { startWorker, stopWorker } from "./worker";

installProcessGuards("worker");
const database = await ensureDatabase();
await startWorker();

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "worker stopping");
    await stopWorker();
    await disconnect();
    await database.stop();
    process.exit(0);
  });
}
