import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db/client";
import { useMigratedDatabase } from "@/lib/testing/db";
import { DEMO_SCORING, startDemoScoring } from "./score";
import { seedDemoIfEmpty } from "./seed";

beforeAll(async () => {
  await useMigratedDatabase();
  await seedDemoIfEmpty();
}, 60_000);

describe("demo scoring", () => {
  it("queues one real exploration run per scored demo domain, on the simulated endpoint, for the worker", async () => {
    const ids = await startDemoScoring();
    expect(ids).toHaveLength(DEMO_SCORING.length);
    const { rows } = await pool().query(
      `select d.slug, r.phase::text, r.status::text, r.total, e.simulated, r.created_by,
              (select count(*)::int from pgboss.job j where j.name = 'scoring.drive' and (j.data->>'runId')::int = r.id) as jobs
         from scoring_run r join domain d on d.id = r.domain_id join model_endpoint e on e.id = r.target_endpoint_id
        order by r.id`,
    );
    expect(rows).toEqual(
      DEMO_SCORING.map((d) => ({ slug: d.domain, phase: "exploration", status: "queued", total: d.sampleSize, simulated: true, created_by: "demo seed", jobs: 1 })),
    );
  }, 60_000);
});
