// npm run db:diff -- <name>: write prisma/migrations/<timestamp>_<name>/migration.sql with the
// SQL that takes the last migrated schema to the current schema.prisma (offline; see ADR 0002).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { schemaChangeSql, schemaPath, snapshotPath } from "./engine";

const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]/gi, "_").toLowerCase();
if (!name) {
  console.error("usage: npm run db:diff -- <migration_name>");
  process.exit(2);
}
const previous = fs.existsSync(snapshotPath)
  ? fs.readFileSync(snapshotPath, "utf8")
  : `datasource db {\n  provider = "postgresql"\n}\n`;

// The engine insists on a connection even for a datamodel-only diff: give it a throwaway one.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "edgewise-diff-"));
const pg = await startEmbeddedPostgres({ dir: path.join(dir, "data"), port: 54000 + (process.pid % 1000), fast: true });
try {
  const sql = await schemaChangeSql(pg.url, previous);
  if (!sql.trim() || /^-- This is an empty migration/.test(sql.trim())) {
    console.log("schema.prisma matches the migrations; nothing to write");
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const out = path.join("prisma/migrations", `${stamp}_${name}`);
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, "migration.sql"), sql);
    fs.copyFileSync(schemaPath, snapshotPath);
    console.log(`wrote ${out}/migration.sql`);
  }
} finally {
  await pg.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
