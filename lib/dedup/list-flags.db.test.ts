import { systemActor } from "@/lib/audit";
import { beforeAll, describe, expect, it } from "vitest";
import { listCandidates } from "@/lib/candidates/queries";
import { pool } from "@/lib/db/client";
import { createDomain } from "@/lib/domains";
import { useMigratedDatabase } from "@/lib/testing/db";
import { nearDupPass } from "./run";
import { basePrompt, edits, insertBatch } from "./test-fixtures";

// The Candidates list's flag filter and column: near-duplicates, contaminated, clean.

beforeAll(async () => {
  await useMigratedDatabase();
});

describe("candidate list flags", () => {
  it("filters by near-duplicate, contaminated or clean, and shows both flags", async () => {
    const domain = (await createDomain({ slug: "flags", name: "Flags" }, systemActor)).id;
    const p = basePrompt(3);
    const { ids, batchId } = await insertBatch(domain, [{ prompt: p, answer: "1" }, { prompt: edits.shuffled(p) }, { prompt: basePrompt(77) }]);
    await nearDupPass({ batchId });
    await pool().query("update candidate set contaminated = true where id = $1", [ids[2]]);

    const list = async (flag?: "near_dup" | "contaminated" | "clean") => (await listCandidates({ domain: "flags", flag })).items.map((c) => c.id).sort((a, b) => a - b);
    expect(await list("near_dup")).toEqual([ids[1]]);
    expect(await list("contaminated")).toEqual([ids[2]]);
    expect(await list("clean")).toEqual([ids[0]]);
    expect(await list()).toEqual(ids);
    const items = (await listCandidates({ batch: batchId })).items;
    expect(items.find((c) => c.id === ids[1])).toMatchObject({ nearDupOf: ids[0], contaminated: false });
    expect(items.find((c) => c.id === ids[2])).toMatchObject({ nearDupOf: null, contaminated: true });
    await expect(listCandidates({ flag: "dirty" as never })).rejects.toThrow();
  });
});
