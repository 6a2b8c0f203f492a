import crypto from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { disconnect } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";

/**
 * The app role's password in tests. The role is cluster-wide and the suite's databases share
 * one cluster, so every test file must set the same password: with two, a file running beside
 * another re-set it between its own set and connect ("authentication failed", seen in CI).
 */
export const TEST_APP_ROLE_PASSWORD = "edgewise-test-app-role";

/** Create an empty database on the suite's PostgreSQL and return its URL. */
export async function createDatabase(prefix = "t", template?: string): Promise<string> {
  const admin = inject("adminUrl");
  const name = `${prefix}_${crypto.randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`create database "${name}"${template ? ` template "${template}"` : ""}`);
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
  // A copy of the database global-setup.ts migrated; migrate() then finds nothing to do (and
  // would apply a migration added since, or refuse an edited one, as on a real database).
  const url = await createDatabase("t", inject("migratedTemplate"));
  await migrate(url);
  await disconnect();
  process.env.DATABASE_URL = url;
  return url;
}
