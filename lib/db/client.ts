import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { databaseUrl } from "@/lib/env";
import { PrismaClient } from "./generated/client";

// One Prisma client and one pg pool per process. Next.js dev reloads modules, so they live on
// globalThis to avoid leaking connections on every edit.
const g = globalThis as unknown as { __prisma?: PrismaClient; __pgPool?: pg.Pool };

/** The Prisma client for ordinary reads and writes. */
export function db(): PrismaClient {
  g.__prisma ??= new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl() }) });
  return g.__prisma;
}

/** A plain pg pool for the bulk paths (COPY, unnest) that must not go through the ORM. */
export function pool(): pg.Pool {
  g.__pgPool ??= new pg.Pool({ connectionString: databaseUrl(), max: 10 });
  return g.__pgPool;
}

export async function disconnect(): Promise<void> {
  await g.__prisma?.$disconnect();
  await g.__pgPool?.end();
  g.__prisma = undefined;
  g.__pgPool = undefined;
}
