import "./server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { databaseUrl } from "@/lib/env";
import { log } from "@/lib/log";
import { PrismaClient } from "./generated/client";
import { isConnectionError, outageReason } from "./outage";

// One Prisma client and one pg pool per process. Next.js dev reloads modules, so they live on
// globalThis to avoid leaking connections on every edit.
const g = globalThis as unknown as { __prisma?: PrismaClient; __pgPool?: pg.Pool };

/**
 * A pg pool that survives a database restart. Without an 'error' listener, a connection the
 * server closes (57P01 on restart) is an uncaught exception that kills the process; with one,
 * the dead client is dropped and the next query opens a fresh connection. Clients get their
 * own listener too: pg-pool removes its idle listener while a client is checked out, and a
 * checked-out client whose socket dies between statements would otherwise throw.
 */
export function resilientPool(config: pg.PoolConfig, name: string): pg.Pool {
  const p = new pg.Pool({
    // Fail a connection attempt instead of hanging when the server is unreachable.
    connectionTimeoutMillis: 10_000,
    keepAlive: true,
    ...config,
  });
  p.on("error", (err) => logConnectionError(err, name));
  p.on("connect", (client) => client.on("error", (err) => logConnectionError(err, name)));
  return p;
}

let lastLogged = 0;
function logConnectionError(err: Error, pool: string): void {
  // One line per outage burst, not one per pooled connection.
  if (Date.now() - lastLogged < 5000) return;
  lastLogged = Date.now();
  if (isConnectionError(err)) log.warn({ pool, reason: outageReason(err) }, "database connection lost; reconnecting on next use");
  else log.error({ pool, err }, "database client error");
}

/** The Prisma client for ordinary reads and writes. */
export function db(): PrismaClient {
  g.__prisma ??= new PrismaClient({
    adapter: new PrismaPg(resilientPool({ connectionString: databaseUrl(), max: 10 }, "prisma"), {
      disposeExternalPool: true,
      onPoolError: (err) => logConnectionError(err, "prisma"),
      onConnectionError: (err) => logConnectionError(err, "prisma"),
    }),
  });
  return g.__prisma;
}

/** A plain pg pool for the bulk paths (COPY, unnest) that must not go through the ORM. */
export function pool(): pg.Pool {
  g.__pgPool ??= resilientPool({ connectionString: databaseUrl(), max: 10 }, "pg");
  return g.__pgPool;
}

export async function disconnect(): Promise<void> {
  await g.__prisma?.$disconnect();
  await g.__pgPool?.end();
  g.__prisma = undefined;
  g.__pgPool = undefined;
}
