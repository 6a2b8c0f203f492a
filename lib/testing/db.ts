import crypto from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { disconnect } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";

/** Create an empty database on the suite's PostgreSQL and return its URL. */
export async function createDatabase(prefix = "t"): Promise<string> {
  const admin = inject("adminUrl");
  const name = `${prefix}_${crypto.randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A fresh, migrated database for this test file, made the process's DATABASE_URL so lib/
 * code under test uses it exactly as the app would.
 */
export async function useMigratedDatabase(): Promise<string> {
  const url = await createDatabase();
  await migrate(url);
  await disconnect();
  process.env.DATABASE_URL = url;
  return url;
}
