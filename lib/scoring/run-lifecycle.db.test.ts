import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db/client";
import { useMigratedDatabase } from "@/lib/testing/db";
import { driveRun } from "./driver";
import { setRunStatus } from "./run-lifecycle";
import { cancelRun, createRun, getRun, pauseRun, resumeRun } from "./runs";
import { closeConnections, createTestEndpoint, mathItems, seedDomain, testActor } from "./test-fixtures";

// The guarded setter against a real PostgreSQL: a change the table forbids never reaches the
// database, and a change the table allows is refused when the run is no longer in `from`.

let target: number;

beforeAll(async () => {
  await useMigratedDatabase();
  await seedDomain("life", mathItems(20, "life"));
  // Never called: no run here is driven far enough to send a request.
  target = (await createTestEndpoint("nowhere", "http://127.0.0.1:9/v1")).id;
});

afterAll(closeConnections);

const newRun = () => createRun({ domain: "life", targetEndpointId: target, phase: "exploration", sampleSize: 5, k: 2 }, testActor);
const status = async (id: number) => (await getRun(id)).status;

describe("scoring run status changes", () => {
  it("refuses done → running: the table throws, the driver and the actions leave the run done", async () => {
    const run = await newRun();
    await pool().query("update run_item set status = 'done' where run_id = $1", [run.id]);
    expect(await setRunStatus(pool(), run.id, { from: ["queued"], to: "done", onlyWhenSettled: true })).toBe(true);
    const { finishedAt } = await getRun(run.id);
    expect(finishedAt).not.toBeNull();

    await expect(setRunStatus(pool(), run.id, { from: ["done"], to: "running" })).rejects.toThrow(/illegal scoring run transition: done → running/);
    // Allowed by the table, refused by the row: the run is not in `from` any more.
    expect(await setRunStatus(pool(), run.id, { from: ["queued", "running"], to: "running" })).toBe(false);
    expect(await driveRun(run.id, { continueAsJob: false })).toMatchObject({ outcome: "stopped", candidates: 0 });
    await expect(pauseRun(run.id, testActor)).rejects.toMatchObject({ code: "conflict" });
    await expect(cancelRun(run.id, testActor)).rejects.toMatchObject({ code: "conflict" });
    await expect(resumeRun(run.id, testActor)).rejects.toMatchObject({ code: "conflict" });
    expect(await getRun(run.id)).toMatchObject({ status: "done", finishedAt });
  });

  it("settles only when nothing is pending", async () => {
    const run = await newRun();
    expect(await setRunStatus(pool(), run.id, { from: ["queued"], to: "done", onlyWhenSettled: true })).toBe(false);
    expect(await status(run.id)).toBe("queued");
  });

  it("a pause or cancel gives every leased item back in the same statement", async () => {
    const run = await newRun();
    expect(await setRunStatus(pool(), run.id, { from: ["queued"], to: "running" })).toBe(true);
    expect((await getRun(run.id)).startedAt).not.toBeNull();
    const leased = async () =>
      (await pool().query<{ n: number }>("select count(*)::int as n from run_item where run_id = $1 and leased_until is not null", [run.id])).rows[0].n;
    await pool().query("update run_item set leased_until = now() + interval '1 hour' where run_id = $1", [run.id]);
    expect(await leased()).toBe(5);
    await pauseRun(run.id, testActor);
    expect(await leased()).toBe(0);
    await resumeRun(run.id, testActor);
    await pool().query("update run_item set leased_until = now() + interval '1 hour' where run_id = $1", [run.id]);
    await cancelRun(run.id, testActor);
    expect(await leased()).toBe(0);
    expect(await getRun(run.id)).toMatchObject({ status: "cancelled" });
    expect((await getRun(run.id)).finishedAt).not.toBeNull();
  });
});
