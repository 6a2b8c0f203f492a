import { PgBoss } from "pg-boss";
import { databaseUrl } from "@/lib/env";
import { log } from "@/lib/log";
import { jobNames } from "./definitions";

// One pg-boss instance per process (web enqueues, worker consumes). pg-boss keeps its tables
// in schema `pgboss` of the same database, so web and any number of workers share one queue.
const g = globalThis as unknown as { __boss?: Promise<PgBoss> };

export function boss(): Promise<PgBoss> {
  g.__boss ??= (async () => {
    const b = new PgBoss({ connectionString: databaseUrl(), max: 4 });
    b.on("error", (err) => log.error({ err }, "pg-boss error"));
    await b.start();
    for (const name of jobNames) await b.createQueue(name);
    return b;
  })();
  return g.__boss;
}

export async function stopBoss(): Promise<void> {
  const b = await g.__boss;
  g.__boss = undefined;
  await b?.stop({ graceful: true, timeout: 20_000 });
}
