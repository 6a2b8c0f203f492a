import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

// Applies prisma/migrations/<name>/migration.sql in order and records them in Prisma's own
// `_prisma_migrations` table, so `prisma migrate deploy` on a machine with internet sees the
// same history. The Prisma CLI cannot run its native engine offline (docs/decisions/0002).

/** Prisma's own advisory lock key: web, worker and CLI starting together take turns. */
const LOCK_KEY = 72707369;

export const migrationsDir = () => path.join(process.cwd(), "prisma", "migrations");

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

// The turbopackIgnore comments: these paths are only known at run time, and without them the
// web build traces the whole project into its output (a build warning on every start).
export function readMigrations(dir = migrationsDir()): MigrationFile[] {
  if (!fs.existsSync(/*turbopackIgnore: true*/ dir)) return [];
  return fs
    .readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(/*turbopackIgnore: true*/ path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(/*turbopackIgnore: true*/ path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: crypto.createHash("sha256").update(sql).digest("hex") };
    });
}

/** Apply every pending migration; returns the names applied. Safe to call concurrently. */
export async function migrate(url: string, dir = migrationsDir()): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [LOCK_KEY]);
    // Only create the table when it is missing: the app role (which may not create tables)
    // runs this too, and finds nothing to do on an up-to-date database.
    const { rows: table } = await client.query<{ found: boolean }>(`select to_regclass('"_prisma_migrations"') is not null as found`);
    if (!table[0].found) await client.query(`create table if not exists "_prisma_migrations" (
      "id" varchar(36) primary key not null,
      "checksum" varchar(64) not null,
      "finished_at" timestamptz,
      "migration_name" varchar(255) not null,
      "logs" text,
      "rolled_back_at" timestamptz,
      "started_at" timestamptz not null default now(),
      "applied_steps_count" integer not null default 0)`);
    const done = await client.query<{ migration_name: string; checksum: string }>(
      `select migration_name, checksum from "_prisma_migrations"
        where finished_at is not null and rolled_back_at is null`,
    );
    const applied = new Map(done.rows.map((r) => [r.migration_name, r.checksum]));
    const ran: string[] = [];
    for (const m of readMigrations(dir)) {
      const previous = applied.get(m.name);
      if (previous) {
        if (previous !== m.checksum) {
          throw new Error(`Migration ${m.name} was edited after it was applied (checksum differs)`);
        }
        continue;
      }
      // One transaction per migration: a failure leaves the database as it was before it.
      await client.query("begin");
      try {
        await client.query(m.sql);
        await client.query(
          `insert into "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
           values ($1, $2, now(), $3, 1)`,
          [crypto.randomUUID(), m.checksum, m.name],
        );
        await client.query("commit");
      } catch (err) {
        await client.query("rollback");
        throw new Error(`Migration ${m.name} failed: ${(err as Error).message}`);
      }
      ran.push(m.name);
    }
    return ran;
  } finally {
    await client.query("select pg_advisory_unlock($1)", [LOCK_KEY]).catch(() => {});
    await client.end();
  }
}
