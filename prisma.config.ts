import path from "node:path";
import { defineConfig } from "prisma/config";

// The Prisma 7 CLI wants to download a native schema engine even for `generate`, which never
// runs it. Offline that download fails, so point it at a stub; migrations are generated and
// applied by lib/db/migrate.ts and prisma/tools/diff.ts instead (docs/decisions/0002).
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(import.meta.dirname, "prisma/tools/schema-engine-stub.sh");

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost/edgewise" },
});
