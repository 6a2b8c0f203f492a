import { beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/audit";
import { createUser } from "@/lib/auth/users";
import { useMigratedDatabase } from "@/lib/testing/db";
import { openingQueueStats, queueStats } from "./stats";
import { seedScoredDomain } from "./test-fixtures";

beforeAll(async () => {
  await useMigratedDatabase();
});

describe("openingQueueStats", () => {
  it("fills a queue nobody has claimed from yet, so it does not read 0 remaining", async () => {
    const { domainId } = await seedScoredDomain("fresh", 12);
    const u = await createUser(systemActor, { email: "open@example.com", name: "O", role: "reviewer", password: "reviewer-pass" });
    expect((await queueStats(u.id, domainId)).remaining).toBe(0); // nothing queued before a claim
    expect((await openingQueueStats(u.id, domainId)).remaining).toBe(12);
  });
});
