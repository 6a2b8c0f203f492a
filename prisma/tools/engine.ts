import fs from "node:fs";
import { createRequire } from "node:module";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

// Prisma's WASM schema engine, used offline to turn schema.prisma into SQL (the native engine
// cannot be downloaded here). Dev tooling and tests only; the app applies migrations itself.

type Engine = {
  diff(p: unknown): Promise<{ exitCode: number; stdout: string | null }>;
};

export const schemaPath = "prisma/schema.prisma";
/** schema.prisma as of the newest migration; db:diff compares against it. */
export const snapshotPath = "prisma/migrations/schema.snapshot.prisma";

async function loadEngine(url: string): Promise<Engine> {
  (globalThis as Record<string, unknown>).PRISMA_WASM_PANIC_REGISTRY ??= { set_message() {} };
  const require = createRequire(import.meta.url);
  const bgPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const bg = await import("@prisma/schema-engine-wasm/schema_engine_bg");
  // Node's ESM loader cannot import .wasm directly, so instantiate it by hand.
  const { instance } = await WebAssembly.instantiate(
    fs.readFileSync(bgPath.replace(/\.js$/, ".wasm")),
    { "./schema_engine_bg.js": bg as unknown as WebAssembly.ModuleImports },
  );
  (bg as unknown as { __wbg_set_wasm(e: unknown): void }).__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  const u = new URL(url);
  // Discrete fields, not a connection string: otherwise the shadow database is the real one.
  const factory = new PrismaPg({
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: u.pathname.slice(1),
  });
  // The same wrapping Prisma's CLI does: results become {ok, value|error} for the engine.
  const adapter = bindMigrationAwareSqlAdapterFactory(factory);
  const schema = fs.readFileSync(schemaPath, "utf8");
  const SchemaEngine = (bg as unknown as { SchemaEngine: { new: (...a: unknown[]) => Promise<Engine> } }).SchemaEngine;
  return SchemaEngine.new({ datamodels: [[schemaPath, schema]] }, () => {}, adapter);
}

const filters = { externalTables: [], externalEnums: [] };

/** SQL that creates schema.prisma from an empty database. */
export async function schemaToSql(url: string): Promise<string> {
  return schemaChangeSql(url, `datasource db {\n  provider = "postgresql"\n}\n`);
}

/**
 * SQL that takes a database built from schema `fromContent` to the current schema.prisma.
 * Datamodel to datamodel: no live database is read (the engine's live introspection trips
 * over adapter-pg offline), so the schema of the latest migration is kept as a snapshot.
 */
export async function schemaChangeSql(url: string, fromContent: string): Promise<string> {
  const engine = await loadEngine(url);
  const content = fs.readFileSync(schemaPath, "utf8");
  const r = await engine.diff({
    from: { tag: "schemaDatamodel", files: [{ path: schemaPath, content: fromContent }] },
    to: { tag: "schemaDatamodel", files: [{ path: schemaPath, content }] },
    script: true,
    exitCode: null,
    filters,
  });
  return r.stdout ?? "";
}
