import { systemActor } from "@/lib/audit";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db/client";
import { basePrompt, edits } from "@/lib/dedup/test-fixtures";
import { createDomain } from "@/lib/domains";
import { runEdgewise } from "@/lib/testing/cli";
import { useMigratedDatabase } from "@/lib/testing/db";

// `edgewise dedup` and the near-duplicate pass an `edgewise import` leaves for the worker.
let url = "";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-dedup-"));
const edgewise = (...args: string[]) => runEdgewise(dir, url, args);

beforeAll(async () => {
  url = await useMigratedDatabase();
  await createDomain({ slug: "math", name: "Math" }, systemActor);
  const lines = [0, 1, 2].flatMap((i) => [{ prompt: basePrompt(i), answer: "1" }, { prompt: edits.punctuation(basePrompt(i)) }]);
  fs.writeFileSync(path.join(dir, "pool.jsonl"), lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
});

describe("edgewise dedup", () => {
  it("import records a near-duplicate pass for the worker; dedup runs one and prints a summary", async () => {
    const imported = edgewise("import", "pool.jsonl", "--domain", "math", "--json");
    expect(imported.code).toBe(0);
    const { batchId } = JSON.parse(imported.out);
    const { rows } = await pool().query("select status::text, created_by from neardup_pass where batch_id = $1", [batchId]);
    expect(rows).toMatchObject([{ status: "queued" }]);

    const r = edgewise("dedup", "--domain", "math", "--json");
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(r.out);
    expect(out).toMatchObject({ domain: "math", hashed: 6, flagged: 3, params: { bands: 20, rows: 9 } });
    const { rows: flagged } = await pool().query("select count(*)::int as n from candidate where near_dup_of is not null");
    expect(flagged[0].n).toBe(3);

    const text = edgewise("dedup", "--domain", "math", "--threshold", "0.9");
    expect(text.code, text.err).toBe(0);
    expect(text.out).toMatch(/3 flagged near-duplicates in 3 clusters \(Jaccard ≥ 0\.9\)/);
    expect(text.out).toMatch(/hashed 0 new prompts/);
    const { rows: domain } = await pool().query("select dedup_threshold from domain where slug = 'math'");
    expect(domain[0].dedup_threshold).toBe(0.9);
  });

  it("refuses bad usage with exit 2", () => {
    expect(edgewise("dedup").code).toBe(2);
    expect(edgewise("dedup", "--domain", "math", "--threshold", "2").code).toBe(2);
    expect(edgewise("dedup", "--domain", "nope").code).toBe(1);
  });
});
