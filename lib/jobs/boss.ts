import { PgBoss } from "pg-boss";
import { pool } from "@/lib/db/client";
import { isConnectionError, outageReason } from "@/lib/db/outage";
import { BOSS_SCHEMA } from "@/lib/db/roles";
import { databaseUrl } from "@/lib/env";
import { log } from "@/lib/log";
import { jobNames } from "./definitions";

// One pg-boss instance per process (web enqueues, worker consumes). pg-boss keeps its tables
// in schema `pgboss` of the same database, so web and any number of workers share one queue.
//
// A database restart is not fatal: pg-boss's pollers, maintenance and LISTEN connection catch
// their errors, emit 'error' and carry on, so the instance resumes by itself once the server
// is back (lib/db/restart.db.test.ts). The listener below is what keeps such an 'error' from
// being an uncaught exception; while the database is away it logs once per burst, not once
// per poll.
const g = globalThis as unknown as { __boss?: Promise<PgBoss> };

let lastOutageLog = 0;
function onBossError(err: unknown): void {
  if (!isConnectionError(err)) return void log.error({ err }, "pg-boss error");
  if (Date.now() - lastOutageLog < 10_000) return;
  lastOutageLog = Date.now();
  log.warn({ reason: outageReason(err) }, "pg-boss: database unavailable; it keeps retrying");
}

export function boss(): Promise<PgBoss> {
  g.__boss ??= (async () => {
    // The embedded database's app role may not create schemas; the owner made pgboss for it
    // (lib/db/roles.ts). Elsewhere pg-boss creates its schema itself, as it always did.
    const { rowCount } = await pool().query("select 1 from pg_namespace where nspname = $1", [BOSS_SCHEMA]);
    const b = new PgBoss({ connectionString: databaseUrl(), max: 4, schema: BOSS_SCHEMA, createSchema: !rowCount });
    b.on("error", onBossError);
    try {
      await b.start();
      for (const name of jobNames) await b.createQueue(name);
    } catch (err) {
      await b.stop({ graceful: false, timeout: 1000 }).catch(() => {});
      throw err;
    }
    return b;
  })();
  // A start that failed (the database was down when the first job was queued) must not be
  // cached: the next call tries again.
  const started = g.__boss;
  started.catch(() => {
    if (g.__boss === started) g.__boss = undefined;
  });
  return started;
}

export async function stopBoss(): Promise<void> {
  const b = await g.__boss?.catch(() => undefined);
  g.__boss = undefined;
  await b?.stop({ graceful: true, timeout: 20_000 });
}
