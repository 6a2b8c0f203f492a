import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "@/lib/db/embedded";

// One real PostgreSQL for the whole unit/DB suite. Test files create their own databases
// from it (lib/testing/db.ts), so they never see each other's rows.
export default async function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "edgewise-test-"));
  const port = 55000 + Math.floor(Math.random() * 5000);
  const pg = await startEmbeddedPostgres({ dir: path.join(dir, "data"), port, fast: true });
  project.provide("adminUrl", pg.url);
  return async () => {
    await pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    adminUrl: string;
  }
}
