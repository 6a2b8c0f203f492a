import { beforeAll, describe, expect, it } from "vitest";
import { listEndpoints } from "@/lib/models/endpoints";
import { useMigratedDatabase } from "@/lib/testing/db";
import { seedDemoIfEmpty } from "./seed";

beforeAll(async () => {
  await useMigratedDatabase();
});

describe("demo seed", () => {
  it("registers the simulated endpoints once, labelled simulated", async () => {
    expect(await seedDemoIfEmpty()).toBe(true);
    expect(await seedDemoIfEmpty()).toBe(false);
    const endpoints = await listEndpoints();
    expect(endpoints.map((e) => [e.name, e.model, e.roles, e.simulated])).toEqual([
      ["Simulated model (demo)", "sim-target", ["target", "teacher", "judge"], true],
      ["Simulated reasoning model (demo)", "sim-reasoner", ["target"], true],
      ["Simulated teacher (demo)", "sim-strong", ["teacher", "judge"], true],
    ]);
    expect(endpoints[0]).toMatchObject({ maxConcurrent: 16, hasStoredKey: false, apiKeyEnv: null });
    expect(endpoints[0].baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  });
});
