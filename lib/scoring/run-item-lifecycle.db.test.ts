import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db/client";
import { useMigratedDatabase } from "@/lib/testing/db";
import { finishRunItems } from "./run-item-lifecycle";
import { createRun, getRun } from "./runs";
import { closeConnections, createTestEndpoint, mathItems, seedDomain, testActor } from "./test-fixtures";

// The set-based guarded setter against a real PostgreSQL: only pending items move, each once,
// and the run's `completed` counts exactly the items moved.

let target: number;
beforeAll(async () => {
  await useMigratedDatabase();
  await seedDomain("item-fin", mathItems(6, "item-fin"));
  target = (await createTestEndpoint("nowhere-items", "http://127.0.0.1:9/v1")).id;
});
afterAll(closeConnections);

describe("finishing run items", () => {
  it("moves pending items once, counts them into the run, and refuses pending → pending", async () => {
    const run = await createRun({ domain: "item-fin", targetEndpointId: target, phase: "scaling", k: 2 }, testActor);
    const { rows } = await pool().query<{ candidate_id: number }>("select candidate_id from run_item where run_id = $1 order by seq", [run.id]);
    const [a, b, c] = rows.map((r) => r.candidate_id);
    await pool().query("update run_item set leased_until = now() + interval '1 minute' where run_id = $1", [run.id]);

    const first = await finishRunItems(pool(), run.id, [
      { candidateId: a, to: "done", reason: null },
      { candidateId: b, to: "failed", reason: "no answer" },
    ]);
    expect(first).toEqual({ done: 1, failed: 1 });
    // Again, with one new item: the finished ones are not moved (nor counted) twice.
    expect(await finishRunItems(pool(), run.id, [{ candidateId: a, to: "failed", reason: "late" }, { candidateId: c, to: "done", reason: null }])).toEqual({ done: 1, failed: 0 });
    expect((await getRun(run.id)).completed).toBe(3);
    const { rows: items } = await pool().query("select candidate_id, status::text, error, leased_until from run_item where run_id = $1 and candidate_id = any($2::int[]) order by candidate_id", [run.id, [a, b, c]]);
    expect(items.map((i) => [i.status, i.error, i.leased_until])).toEqual(
      [a, b, c].sort((x, y) => x - y).map((id) => (id === b ? ["failed", "no answer", null] : ["done", null, null])),
    );
    await expect(finishRunItems(pool(), run.id, [{ candidateId: a, to: "pending" as "done", reason: null }])).rejects.toThrow(/pending → pending/);
  });
});
