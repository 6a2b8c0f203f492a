import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db/client";
import { runDecontamCheck } from "@/lib/dedup";
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

describe("demo seed checks", () => {
  it("records both checks of each demo import; the domains drawn from a benchmark override it, so they stay usable", async () => {
    const { rows: checks } = await pool().query<{ id: number }>("select id from decontam_check where status = 'queued' order by id");
    expect(checks).toHaveLength(3);
    const { rows: passes } = await pool().query("select id from neardup_pass where status = 'queued'");
    expect(passes).toHaveLength(3);
    for (const c of checks) await runDecontamCheck(c.id); // the worker's jobs, run here
    const { rows } = await pool().query<{ slug: string; hits: number; flagged: number }>(
      `select d.slug, count(distinct h.candidate_id)::int as hits, count(distinct h.candidate_id) filter (where c.contaminated)::int as flagged
         from domain d join candidate c on c.domain_id = d.id left join contamination_hit h on h.candidate_id = c.id
        group by d.slug order by d.slug`,
    );
    const bySlug = Object.fromEntries(rows.map((r) => [r.slug, r]));
    // Checked like any import: the benchmark copies are found and shown…
    expect(bySlug.science.hits).toBeGreaterThan(250);
    expect(bySlug.code.hits).toBeGreaterThan(50);
    // …but the demo's own overrides keep them in runs and queues (GSM8K train is no test item).
    expect(bySlug.science.flagged).toBe(0);
    expect(bySlug.code.flagged).toBe(0);
    expect(bySlug.math.flagged).toBeLessThanOrEqual(3);
  });
});
