import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/audit";
import { pool } from "@/lib/db/client";
import { createDomain } from "@/lib/domains";
import { inTransaction } from "@/lib/db/transaction";
import { closeConnections } from "@/lib/scoring/test-fixtures";
import { useMigratedDatabase } from "@/lib/testing/db";
import { forgetCandidates } from "./forget";
import { runDomainNearDupNow } from "./run";
import { basePrompt, insertBatch } from "./test-fixtures";

// forgetCandidates drops a discarded batch's LSH rows by one of two routes — hashing its
// prompts again and deleting by key, or one pass over the band table — chosen by size. Both
// must leave exactly the other candidates' rows.

const bandRows = async (ids: number[]) =>
  (await pool().query("select count(*)::int as n from neardup_band where candidate_id = any($1::int[])", [ids])).rows[0].n as number;

let kept: number[];
const batches: number[][] = [];

beforeAll(async () => {
  await useMigratedDatabase();
  const { id: domainId } = await createDomain({ slug: "forget", name: "Forget" }, systemActor);
  kept = (await insertBatch(domainId, Array.from({ length: 40 }, (_, i) => ({ prompt: basePrompt(i) })))).ids;
  for (const at of [100, 200, 300]) batches.push((await insertBatch(domainId, Array.from({ length: 20 }, (_, i) => ({ prompt: basePrompt(at + i) })))).ids);
  await runDomainNearDupNow("forget", systemActor);
}, 120_000);

afterAll(async () => {
  await closeConnections();
});

describe("forgetting candidates' near-duplicate rows", () => {
  it.each([["keys", 0], ["scan", 1], [undefined, 2]] as const)("by %s: their bands, marks and pairs go, the rest stay", async (strategy, at) => {
    const ids = batches[at];
    const keptBefore = await bandRows(kept);
    expect(keptBefore).toBeGreaterThan(0);
    expect(await bandRows(ids)).toBeGreaterThan(0);
    await inTransaction((c) => forgetCandidates(c, ids, { strategy }));
    expect(await bandRows(ids)).toBe(0);
    expect((await pool().query("select count(*)::int as n from neardup_hashed where candidate_id = any($1::int[])", [ids])).rows[0].n).toBe(0);
    expect(await bandRows(kept)).toBe(keptBefore);
  });
});
