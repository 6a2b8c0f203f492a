import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/audit";
import { pool } from "@/lib/db/client";
import { runDecontamCheck, sweepDecontamChecks, sweepNearDupPasses } from "@/lib/dedup";
import { runNearDupPassJob } from "@/lib/dedup/run";
import { createDomain } from "@/lib/domains";
import { jobAlive } from "@/lib/jobs/enqueue";
import { stopBoss } from "@/lib/jobs/boss";
import { edgewiseInProcess } from "@/lib/testing/cli";
import { useMigratedDatabase } from "@/lib/testing/db";

// `edgewise import` records both checks of its batch, like an upload does: the worker's sweeps
// queue their jobs (the CLI starts no job queue), and once they run, a copied benchmark item is
// flagged contaminated.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-import-checks-"));
// A GSM8K test item, inside a longer prompt.
const JOSH =
  "Josh decides to try flipping a house.  He buys a house for $80,000 and then puts in $50,000 in repairs.  This increased the value of the house by 150%.  How much profit did he make?";

beforeAll(async () => {
  await useMigratedDatabase();
  await createDomain({ slug: "math", name: "Math" }, systemActor);
  const lines = [{ prompt: `Homework, part 2. ${JOSH} Show your work.`, answer: "70000" }, { prompt: "A clean prompt about trains and their timetables.", answer: "1" }];
  fs.writeFileSync(path.join(dir, "pool.jsonl"), lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
});

afterAll(async () => {
  await stopBoss();
});

describe("edgewise import, then the worker", () => {
  it("records a decontamination check and a near-duplicate pass; once run, the benchmark copy is flagged", async () => {
    const r = await edgewiseInProcess(dir, ["import", "pool.jsonl", "--domain", "math", "--json"]);
    expect(r.code, r.err).toBe(0);
    const { batchId } = JSON.parse(r.out);

    const { rows: checks } = await pool().query<{ id: number; status: string }>("select id, status::text from decontam_check where batch_id = $1", [batchId]);
    expect(checks).toMatchObject([{ status: "queued" }]);
    const { rows: passes } = await pool().query<{ id: number; status: string }>("select id, status::text from neardup_pass where batch_id = $1", [batchId]);
    expect(passes).toMatchObject([{ status: "queued" }]);

    // The worker's sweeps give each its job (once).
    expect(await jobAlive("decontam.run", `decontam:${checks[0].id}`)).toBe(false);
    expect(await sweepDecontamChecks()).toEqual([checks[0].id]);
    expect(await sweepDecontamChecks()).toEqual([]);
    expect(await sweepNearDupPasses()).toEqual([passes[0].id]);

    // The jobs, run here.
    await runDecontamCheck(checks[0].id);
    await runNearDupPassJob(passes[0].id);
    const { rows } = await pool().query<{ prompt: string; contaminated: boolean }>("select prompt, contaminated from candidate where batch_id = $1 order by id", [batchId]);
    expect(rows.map((c) => c.contaminated)).toEqual([true, false]);
    expect((await pool().query("select status::text from neardup_pass where id = $1", [passes[0].id])).rows[0].status).toBe("done");
  });
});
