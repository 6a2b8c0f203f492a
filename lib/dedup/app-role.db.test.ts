import { systemActor } from "@/lib/audit";
import { beforeAll, describe, expect, it } from "vitest";
import { disconnect } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { appRoleUrl, ensureAppRole } from "@/lib/db/roles";
import { createDomain } from "@/lib/domains";
import { createDatabase, TEST_APP_ROLE_PASSWORD } from "@/lib/testing/db";
import { nearDupPass } from "./run";
import { basePrompt, edits, flags, insertBatch } from "./test-fixtures";

// The web and the worker run as the app role, which does not own the tables: a first (bulk)
// pass may not drop and rebuild the bands' index there and must write through it instead.

beforeAll(async () => {
  const ownerUrl = await createDatabase("ndrole");
  await migrate(ownerUrl);
  await ensureAppRole(ownerUrl, TEST_APP_ROLE_PASSWORD);
  await disconnect();
  process.env.DATABASE_URL = appRoleUrl(ownerUrl, TEST_APP_ROLE_PASSWORD);
});

describe("a near-duplicate pass as the app role", () => {
  it("runs the first pass without owning neardup_band", async () => {
    const domain = (await createDomain({ slug: "role", name: "Role" }, systemActor)).id;
    const p = basePrompt(11);
    const { ids, batchId } = await insertBatch(domain, [{ prompt: p, answer: "1" }, { prompt: edits.punctuation(p) }]);
    const s = await nearDupPass({ batchId });
    expect(s).toMatchObject({ hashed: 2, flagged: 1 });
    expect((await flags(ids)).get(ids[1])!.of).toBe(ids[0]);
  });
});
