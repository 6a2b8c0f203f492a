import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db/client";
import { freezeSnapshot, prepareExport } from "@/lib/export";
import { accept, lead, seedScored } from "@/lib/export/test-fixtures";
import { runEdgewise } from "@/lib/testing/cli";
import { useMigratedDatabase } from "@/lib/testing/db";

// `edgewise decontam`, the real binary against the test database, and what the export
// manifest then records about the check.
let url = "";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-decontam-"));
const edgewise = (...args: string[]) => runEdgewise(dir, url, args);
const GSM = "Janet’s ducks lay 16 eggs per day. She eats three for breakfast every morning and bakes muffins for her friends every day with four.";
let seeded: Awaited<ReturnType<typeof seedScored>>;

beforeAll(async () => {
  url = await useMigratedDatabase();
  seeded = await seedScored("dc", 3);
  await pool().query("update candidate set prompt = $2 where id = $1", [seeded.ids[0], `Quick one: ${GSM} What now?`]);
}, 60_000);

describe("edgewise decontam", { timeout: 180_000 }, () => {
  it("prints a summary, or one JSON object, and flags the candidate", () => {
    const r = edgewise("decontam", "--domain", "dc", "--json");
    expect(r.code, r.err).toBe(0);
    const s = JSON.parse(r.out);
    expect(s).toMatchObject({ candidates: 3, hits: 1, contaminated: 1, rule: { n: 13, shortN: 8, shortBelow: 40 } });
    expect(s.benchmarks.map((b: { name: string }) => b.name).sort()).toEqual(["AIME 2024", "AMC 2023", "GSM8K test", "MBPP test", "MMLU-STEM"]);
    const human = edgewise("decontam", "--domain", "dc", "--benchmark", "GSM8K test", "--benchmark", "aime 2024");
    expect(human.code, human.err).toBe(0);
    expect(human.out).toMatch(/decontam dc: 3 candidates checked against 2 benchmarks \(13-grams, 8-grams under 40 words\)/);
    expect(human.out).toMatch(/GSM8K test\s+1319 items\s+1 hits/);
  });

  it("bad usage exits 2; an unknown benchmark or domain exits 1", () => {
    expect(edgewise("decontam").code).toBe(2);
    expect(edgewise("decontam", "--domain", "dc", "--n", "x").code).toBe(2);
    const r = edgewise("decontam", "--domain", "dc", "--benchmark", "MATH-500");
    expect(r.code).toBe(1);
    expect(r.err).toContain('Unknown benchmark "MATH-500"');
    expect(edgewise("decontam", "--domain", "nope").code).toBe(1);
  });

  it("the export manifest records the benchmarks and rule the snapshot's domain was checked with; the flagged candidate is not in it", async () => {
    for (const id of seeded.ids) await accept(seeded.domainId, id, { source: "reference" });
    const snap = await freezeSnapshot(lead, "dc");
    expect(snap.items).toBe(2);
    const exp = await prepareExport({ snapshotId: snap.id }, "messages");
    const [record] = exp.source.decontamination as Record<string, unknown>[];
    expect(record).toMatchObject({ snapshot_id: snap.id, domain: "dc", checked: true, flagged_now: 0, rule: { n: 13, shortN: 8, shortBelow: 40, commonItems: 3 } });
    // The latest whole-domain check: the one with two benchmarks.
    expect((record.benchmarks as { name: string; hits: number }[]).map((b) => [b.name, b.hits])).toEqual([["GSM8K test", 1], ["AIME 2024", 0]]);
  });
});
