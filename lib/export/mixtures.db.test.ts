import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "@/lib/auth/principal";
import { disconnect, pool } from "@/lib/db/client";
import { stopBoss } from "@/lib/jobs/boss";
import { useMigratedDatabase } from "@/lib/testing/db";
import { createMixture, driftReport, driftRuns, freezeSnapshot, getMixture, listMixtures, mixtureRows, previewMixture, startDrift, type MixtureRow } from "./index";
import { accept, endpoint, lead, seedScored, type Seeded } from "./test-fixtures";

// Issue 11: mixtures (one snapshot per domain, epochs or weights, versioned by name, a
// preview that writes nothing, rows repeated or weighted, a seeded shuffle) and drift.

const leadP: Principal = { userId: "lead-1", email: "lead@snap.test", name: "Lead", role: "lead", via: "session" };
let math: Seeded;
let code: Seeded;
let mathV1 = 0;
let mathV2 = 0;
let codeV1 = 0;

async function collect(it: AsyncIterable<MixtureRow>): Promise<MixtureRow[]> {
  const out: MixtureRow[] = [];
  for await (const r of it) out.push(r);
  return out;
}

beforeAll(async () => {
  await useMigratedDatabase();
  math = await seedScored("math", 5);
  code = await seedScored("code", 3);
  for (const c of math.ids.slice(0, 4)) await accept(math.domainId, c, { sampleId: math.target.get(c), source: "sample" });
  for (const c of code.ids) await accept(code.domainId, c, { source: "reference" });
  mathV1 = (await freezeSnapshot(lead, "math")).id;
  await accept(math.domainId, math.ids[4], { source: "teacher" });
  mathV2 = (await freezeSnapshot(lead, "math")).id;
  codeV1 = (await freezeSnapshot(lead, "code")).id;
});

afterAll(async () => {
  await stopBoss();
  await disconnect();
});

describe("mixtures", () => {
  it("previews rows, tokens and shares per domain without writing", async () => {
    const p = await previewMixture({ name: "mix", mode: "epochs", entries: [{ snapshotId: mathV2, epochs: 2 }, { snapshotId: codeV1, epochs: 1 }] });
    expect(p.perDomain.map((d) => [d.domain, d.items, d.rows, d.epochs])).toEqual([["code", 3, 3, 1], ["math", 5, 10, 2]]);
    expect(p.rows).toBe(13);
    expect(p.perDomain.find((d) => d.domain === "math")!.share).toBeCloseTo(10 / 13);
    const { rows: t } = await pool().query<{ t: number }>("select token_estimate::int as t from domain_snapshot where id = $1", [mathV2]);
    expect(p.perDomain.find((d) => d.domain === "math")!.tokens).toBe(2 * t[0].t);
    const w = await previewMixture({ name: "mix", mode: "weights", entries: [{ snapshotId: mathV2, weight: 1 }, { snapshotId: codeV1, weight: 5 }] });
    expect(w.rows).toBe(8);
    expect(w.perDomain.find((d) => d.domain === "code")!.share).toBeCloseTo(15 / 20);
    const { rows: n } = await pool().query("select count(*)::int as n from mixture");
    expect(n[0].n).toBe(0);
  });

  it("refuses two snapshots of one domain, a missing snapshot, and the wrong knob for the mode (400)", async () => {
    await expect(previewMixture({ name: "m", mode: "epochs", entries: [{ snapshotId: mathV1, epochs: 1 }, { snapshotId: mathV2, epochs: 1 }] }))
      .rejects.toMatchObject({ code: "bad_request", message: expect.stringMatching(/one snapshot per domain/) });
    await expect(createMixture(lead, { name: "m", mode: "epochs", entries: [{ snapshotId: 99999, epochs: 1 }] })).rejects.toMatchObject({ code: "bad_request" });
    await expect(createMixture(lead, { name: "m", mode: "epochs", entries: [{ snapshotId: mathV1, weight: 2 }] })).rejects.toMatchObject({ code: "bad_request" });
    await expect(createMixture(lead, { name: "m", mode: "weights", entries: [{ snapshotId: mathV1, epochs: 2 }] })).rejects.toMatchObject({ code: "bad_request" });
    const { rows: n } = await pool().query("select count(*)::int as n from mixture");
    expect(n[0].n).toBe(0);
  });

  it("saves versions by name and streams rows repeated by epochs, shuffled reproducibly by seed", async () => {
    const v1 = await createMixture(lead, { name: "phi-mix", mode: "epochs", seed: 7, entries: [{ snapshotId: mathV1, epochs: 1 }, { snapshotId: codeV1, epochs: 3 }] });
    const v2 = await createMixture(lead, { name: "phi-mix", mode: "epochs", entries: [{ snapshotId: mathV2, epochs: 2 }, { snapshotId: codeV1, epochs: 1 }] });
    const other = await createMixture(lead, { name: "other", mode: "weights", entries: [{ snapshotId: mathV2, weight: 0.5 }] });
    expect([v1.version, v2.version, other.version]).toEqual([1, 2, 1]);
    expect(v1).toMatchObject({ seed: 7, rows: 4 + 9, createdBy: "lead@snap.test" });
    expect((await getMixture(v2.id)).perDomain.map((d) => [d.domain, d.snapshotId, d.epochs])).toEqual([["code", codeV1, 1], ["math", mathV2, 2]]);
    expect((await listMixtures()).items.map((m) => m.id)).toEqual([other.id, v2.id, v1.id]);
    const audit = await pool().query("select count(*)::int as n from audit_event where action = 'mixture.create'");
    expect(audit.rows[0].n).toBe(3); // one per saved version

    const plain = await collect(mixtureRows(v1.id, { batchSize: 4 }));
    expect(plain).toHaveLength(13);
    const codeRows = plain.filter((r) => r.domain === "code");
    expect(codeRows.map((r) => r.epoch)).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3]);
    expect(codeRows[0]).toMatchObject({ mixtureId: v1.id, weight: null, responseSource: "reference", response: codeRows[0].referenceAnswer });
    const a = await collect(mixtureRows(v1.id, { shuffleSeed: 7, batchSize: 5 }));
    const b = await collect(mixtureRows(v1.id, { shuffleSeed: 7 }));
    const c = await collect(mixtureRows(v1.id, { shuffleSeed: 8 }));
    const key = (rs: MixtureRow[]) => rs.map((r) => `${r.candidateId}:${r.epoch}`);
    expect(key(a)).toEqual(key(b));
    expect(key(a)).not.toEqual(key(c));
    expect(key(a)).not.toEqual(key(plain));
    expect([...key(a)].sort()).toEqual([...key(plain)].sort());

    const racing = await Promise.all([1, 2, 3].map(() => createMixture(lead, { name: "race", mode: "epochs", entries: [{ snapshotId: codeV1, epochs: 1 }] })));
    expect(racing.map((m) => m.version).sort()).toEqual([1, 2, 3]);

    // A consumer that stops early (a failed write) leaves no transaction or connection behind.
    for await (const r of mixtureRows(v1.id, { batchSize: 2 })) if (r) break;
    const idle = await pool().query("select count(*)::int as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'");
    expect(idle.rows[0].n).toBe(0);

    const weighted = await collect(mixtureRows(other.id));
    expect(weighted).toHaveLength(5);
    expect(weighted.every((r) => r.weight === 0.5 && r.epoch === 1)).toBe(true);
  });
});

describe("drift", () => {
  it("scores a snapshot's items with a new target and reports too easy / too hard / still teachable", async () => {
    const run = await startDrift(lead, mathV2, { targetEndpointId: await endpoint(), k: 4 });
    expect(run).toMatchObject({ domainId: math.domainId, total: 5, k: 4 });
    const { rows: items } = await pool().query<{ candidate_id: number }>("select candidate_id from run_item where run_id = $1 order by candidate_id", [run.id]);
    expect(items.map((r) => r.candidate_id)).toEqual(math.ids);
    expect((await driftRuns(leadP, mathV2)).map((r) => r.id)).toEqual([run.id]);

    // The new model answers: item 0 all right (too easy), 1 all wrong (too hard), 2 two of four
    // (teachable), 3 only errors (unverifiable); item 4 is not done yet (pending).
    const correct = [[true, true, true, true], [false, false, false, false], [true, false, true, false]];
    for (const [i, answers] of correct.entries()) {
      for (const [j, ok] of answers.entries()) {
        await pool().query("insert into sample (run_id, candidate_id, role, index, response, correct) values ($1, $2, 'target', $3, 'x', $4)", [run.id, math.ids[i], j, ok]);
      }
    }
    await pool().query("insert into sample (run_id, candidate_id, role, index, error_kind) values ($1, $2, 'target', 0, 'timeout')", [run.id, math.ids[3]]);
    await pool().query("update run_item set status = 'done' where run_id = $1 and candidate_id = any($2::int[])", [run.id, math.ids.slice(0, 4)]);

    const report = await driftReport(leadP, mathV2, run.id);
    expect(report.counts).toEqual({ too_easy: 1, too_hard: 1, teachable: 1, unverifiable: 1, pending: 1 });
    expect(report.items.map((i) => i.outcome)).toEqual(["too_easy", "too_hard", "teachable", "unverifiable", "pending"]);
    expect(report.items[2]).toMatchObject({ after: { passes: 2, k: 4, passRate: 0.5 }, before: { band: "teachable" } });
    const easy = await driftReport(leadP, mathV2, run.id, { outcome: "too_easy" });
    expect(easy.items.map((i) => i.candidateId)).toEqual([math.ids[0]]);
    await expect(driftReport(leadP, codeV1, run.id)).rejects.toMatchObject({ code: "bad_request" });
  });
});
