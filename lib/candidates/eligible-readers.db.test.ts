import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db/client";
import { freezeSnapshot, prepareExport } from "@/lib/export";
import { accept, seedScored, lead } from "@/lib/export/test-fixtures";
import { startSimulator, type Simulator } from "@/lib/models/simulator";
import { claimNext, refreshQueue } from "@/lib/review";
import { seedScoredDomain } from "@/lib/review/test-fixtures";
import { driveRun } from "@/lib/scoring/driver";
import { LEFT_OUT } from "@/lib/scoring/record";
import { createRun } from "@/lib/scoring/runs";
import { closeConnections, createTestEndpoint, mathItems, seedDomain, testActor } from "@/lib/scoring/test-fixtures";
import { useMigratedDatabase } from "@/lib/testing/db";

// Every reader that picks candidates for work applies the one eligibility rule (eligible.ts):
// a candidate flagged contaminated or near-duplicate is not scored, not queued, not frozen.

let sim: Simulator;
let endpoint: number;
const items = mathItems(8, "elig");

beforeAll(async () => {
  await useMigratedDatabase();
  sim = await startSimulator({ withDemoKey: false, answerKeys: items.map((i) => i.key), seed: 5 });
  endpoint = (await createTestEndpoint("sim", sim.url)).id;
  await seedDomain("scoring", items);
});

afterAll(async () => {
  await sim?.close();
  await closeConnections();
});

const flag = (ids: number[], how: "contaminated" | "near_dup") =>
  pool().query(
    how === "contaminated"
      ? "update candidate set contaminated = true where id = any($1::int[])"
      : "update candidate set near_dup_of = (select min(id) from candidate) where id = any($1::int[])",
    [ids],
  );

const idsOf = async (slug: string) =>
  (await pool().query<{ id: number }>("select c.id from candidate c join domain d on d.id = c.domain_id where d.slug = $1 order by c.id", [slug])).rows.map((r) => r.id);

describe("the eligibility rule in every reader", () => {
  it("scoring: runs leave flagged candidates out, and a candidate flagged after creation fails as left out", async () => {
    const ids = await idsOf("scoring");
    await flag([ids[0]], "contaminated");
    await flag([ids[1]], "near_dup");
    const explore = await createRun({ domain: "scoring", targetEndpointId: endpoint, phase: "exploration", sampleSize: 100, k: 2, mode: "batch" }, testActor);
    expect(explore.total).toBe(ids.length - 2);
    const listed = await pool().query<{ candidate_id: number }>("select candidate_id from run_item where run_id = $1", [explore.id]);
    expect(listed.rows.map((r) => r.candidate_id)).not.toContain(ids[0]);
    expect(listed.rows.map((r) => r.candidate_id)).not.toContain(ids[1]);

    const scaling = await createRun({ domain: "scoring", targetEndpointId: endpoint, phase: "scaling", k: 2 }, testActor);
    expect(scaling.total).toBe(ids.length - 2);
    await flag([ids[2]], "contaminated"); // after the run took it: the claim leaves it out
    expect(await driveRun(scaling.id, { continueAsJob: false })).toMatchObject({ outcome: "done" });
    const { rows } = await pool().query<{ status: string; error: string | null }>(
      "select status::text, error from run_item where run_id = $1 and candidate_id = $2",
      [scaling.id, ids[2]],
    );
    expect(rows[0]).toEqual({ status: "failed", error: LEFT_OUT });
    const scored = await pool().query<{ candidate_id: number }>("select candidate_id from candidate_score where candidate_id = any($1::int[])", [ids.slice(0, 3)]);
    expect(scored.rows).toEqual([]);
    const others = await pool().query<{ n: number }>("select count(*)::int as n from candidate_score where candidate_id = any($1::int[])", [ids.slice(3)]);
    expect(others.rows[0].n).toBe(ids.length - 3);
  });

  it("review: flagged candidates are not queued, and a queued one leaves the queue when flagged", async () => {
    const { domainId, ids } = await seedScoredDomain("queue", 4);
    await flag([ids[0]], "contaminated");
    await refreshQueue(domainId);
    const slots = async () =>
      (await pool().query<{ candidate_id: number }>("select candidate_id from review_slot where domain_id = $1 order by 1", [domainId])).rows.map((r) => r.candidate_id);
    expect(await slots()).toEqual(ids.slice(1).sort((a, b) => a - b));

    // Flagged while queued: never claimed, and the next refresh takes its place away.
    await flag(ids.slice(1, 3), "near_dup");
    const claimed = await claimNext("rev-elig", domainId);
    expect(claimed?.candidateId).toBe(ids[3]);
    await refreshQueue(domainId);
    expect(await slots()).toEqual([ids[3]]);
  });

  it("snapshots: an accepted candidate flagged since is not frozen, so no export holds it", async () => {
    const s = await seedScored("freeze", 3);
    for (const id of s.ids) await accept(s.domainId, id, { source: "reference" });
    await flag([s.ids[1]], "contaminated");
    const snap = await freezeSnapshot(lead, "freeze");
    expect(snap.items).toBe(2);
    const frozen = await pool().query<{ candidate_id: number }>("select candidate_id from snapshot_item where snapshot_id = $1 order by 1", [snap.id]);
    expect(frozen.rows.map((r) => r.candidate_id)).toEqual([s.ids[0], s.ids[2]]);
    const exp = await prepareExport({ snapshotId: snap.id }, "messages");
    const exported: number[] = [];
    for await (const r of exp.rows) exported.push(r.candidateId);
    expect(exported).toEqual([s.ids[0], s.ids[2]]);
  });
});
