import fs from "node:fs";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { describeSchema } from "@/lib/db/catalog";
import { migrate, readMigrations } from "@/lib/db/migrate";
import { createDatabase } from "@/lib/testing/db";
import { schemaPath, schemaToSql, snapshotPath } from "./tools/engine";

describe("schema.prisma and prisma/migrations", () => {
  it("build the same database (no drift)", async () => {
    const fromMigrations = await createDatabase("mig");
    await migrate(fromMigrations);

    const fromSchema = await createDatabase("schema");
    const sql = await schemaToSql(fromSchema);
    const c = new pg.Client({ connectionString: fromSchema });
    await c.connect();
    await c.query(sql);
    await c.end();

    const [a, b] = await Promise.all([describeSchema(fromMigrations), describeSchema(fromSchema)]);
    // On failure: run `npm run db:diff -- <name>` to write the missing migration.
    expect(a).toEqual(b);
  });

  it("keep the snapshot db:diff compares against in step with schema.prisma", () => {
    expect(fs.readFileSync(snapshotPath, "utf8")).toBe(fs.readFileSync(schemaPath, "utf8"));
  });

  it("apply once even when several processes start together", async () => {
    const url = await createDatabase("race");
    const results = await Promise.all([migrate(url), migrate(url), migrate(url)]);
    expect(results.flat()).toEqual(readMigrations().map((m) => m.name));
    expect(await migrate(url)).toEqual([]);
  });
});
