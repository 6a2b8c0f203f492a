import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "@/lib/auth/principal";
import { disconnect, pool } from "@/lib/db/client";
import { appRoleUrl, ensureAppRole } from "@/lib/db/roles";
import { TEST_APP_ROLE_PASSWORD, useMigratedDatabase } from "@/lib/testing/db";
import { diffSnapshots, freezeSnapshot, getSnapshot, listSnapshots, snapshotItems, snapshotRows, type SnapshotRow } from "./index";
import { accept, lead, seedScored, type Seeded } from "./test-fixtures";

// Issue 11: freezing a domain's accepted set — only final accepts, each with the response the
// review chose; frozen copies that later edits never reach; rows the app role cannot alter.

const leadP: Principal = { userId: "lead-1", email: "lead@snap.test", name: "Lead", role: "lead", via: "session" };
const outsider: Principal = { userId: "rev-x", email: "x@snap.test", name: "X", role: "reviewer", via: "session" };
let url = "";
let d: Seeded;

async function rows(id: number, batchSize = 2): Promise<SnapshotRow[]> {
  const out: SnapshotRow[] = [];
  for await (const r of snapshotRows(id, { batchSize })) out.push(r);
  return out;
}

beforeAll(async () => {
  url = await useMigratedDatabase();
  d = await seedScored("alg", 10);
  const [c0, c1, c2, c3, c4, c5, c6, c7, c8] = d.ids;
  await pool().query(`update candidate set metadata = jsonb_build_object('solution', 'worked solution') where id = $1`, [c3]);
  await accept(d.domainId, c0, { sampleId: d.target.get(c0), source: "sample" });
  await accept(d.domainId, c1, { source: "teacher" });
  await accept(d.domainId, c2, { source: "reference" });
  await accept(d.domainId, c3, { source: "reference" });
  await accept(d.domainId, c4, { sampleId: d.target.get(c4), source: "sample", text: "edited by the reviewer" });
  await accept(d.domainId, c5); // accepted without choosing a response
  await accept(d.domainId, c6, {}, "reject"); // final reject: never in a snapshot
  await accept(d.domainId, c7, {}, "accept", "open"); // an accept, but the item is not final
  await accept(d.domainId, c8, {}, "accept", "adjudication");
  // c0 again: a later accept that was undone does not count; the earlier one does.
  await pool().query(
    `insert into review_decision (candidate_id, domain_id, reviewer_id, decision, response_source, response_text, undone_at)
     values ($1, $2, 'rev2', 'accept', 'reference', 'undone choice', now())`,
    [c0, d.domainId],
  );
});

afterAll(async () => {
  await disconnect();
});

describe("freezeSnapshot", () => {
  it("refuses a domain with nothing accepted (400) and writes nothing", async () => {
    await seedScored("empty", 3);
    const err = await freezeSnapshot(lead, "empty").catch((e) => e);
    expect(err.status).toBe(400);
    expect(err.message).toMatch(/nothing accepted yet/i);
    const { rows: n } = await pool().query("select count(*)::int as n from domain_snapshot");
    expect(n[0].n).toBe(0);
  });

  it("freezes only final accepted items, each with the response the review chose", async () => {
    await pool().query("update domain set review_guidelines = 'Accept when the reference is right.' where slug = 'alg'");
    const snap = await freezeSnapshot(lead, "alg", "first cut");
    expect(snap.items).toBe(6);
    const got = await rows(snap.id);
    const [c0, c1, c2, c3, c4, c5] = d.ids;
    expect(got.map((r) => r.candidateId)).toEqual([c0, c1, c2, c3, c4, c5]);
    const by = new Map(got.map((r) => [r.candidateId, r]));
    expect(by.get(c0)).toMatchObject({ response: `target answer to ${c0}`, responseSource: "sample", responseSampleId: d.target.get(c0) });
    expect(by.get(c1)).toMatchObject({ response: `teacher answer to ${c1}`, responseSource: "teacher", responseSampleId: d.teacher.get(c1) });
    expect(by.get(c2)).toMatchObject({ response: String(2 * 3), responseSource: "reference" }); // the written answer
    expect(by.get(c3)).toMatchObject({ response: "worked solution", responseSource: "reference" });
    expect(by.get(c4)).toMatchObject({ response: "edited by the reviewer", responseSource: "sample" });
    expect(by.get(c5)).toMatchObject({ response: null, responseSource: "none" });
    expect(by.get(c0)).toMatchObject({ domain: "alg", k: 8, band: "teachable", verifierKind: "math", source: "seed", referenceAnswer: "2" });
    expect(by.get(c0)!.itemHash).toMatch(/^[0-9a-f]{64}$/);

    const view = await getSnapshot(leadP, snap.id);
    expect(view).toMatchObject({ version: 1, note: "first cut", bandLow: 0.1, bandHigh: 0.9, itemCount: 6, createdBy: "lead@snap.test" });
    expect(view.counts).toMatchObject({ items: 6, bySource: { sample: 2, teacher: 1, reference: 2, none: 1 }, byBand: { teachable: 6 }, reviewers: { rev: 6 } });
    expect(view.runs).toEqual([expect.objectContaining({ runId: d.runId, k: 8, items: 6, target: expect.objectContaining({ model: "sim" }) })]);
    const chars = got.reduce((n, r) => n + Math.ceil((r.prompt.length + (r.response?.length ?? 0)) / 4), 0);
    expect(view.tokenEstimate).toBe(chars);
    expect(view.settings).toMatchObject({ answerKind: "math", reviewersPerItem: 1, reviewGuidelines: "Accept when the reference is right." });
    // Several target models (issue 15): the manifest names a run's other targets and the domain's difficulty basis.
    expect(view.runs[0]).toMatchObject({ otherTargets: [] });
    expect(view.settings).toMatchObject({ difficultyBasis: { basis: "primary", endpointId: null } });
    const audit = await pool().query("select details from audit_event where action = 'snapshot.freeze' and target_id = $1", [String(snap.id)]);
    expect(audit.rows[0].details).toMatchObject({ domain: "alg", items: 6 });
  });

  it("is versioned per domain with a deterministic content hash, and later edits never change it", async () => {
    const first = (await listSnapshots(leadP, { domain: "alg" })).items.at(-1)!;
    const before = await rows(first.id, 100);
    const again = await freezeSnapshot(lead, "alg");
    const second = await getSnapshot(leadP, again.id);
    expect(second.version).toBe(2);
    expect(second.contentHash).toBe(first.contentHash); // same accepted set, same bytes

    // Edit the live candidate, its score and its chosen response: snapshot 1 stays as it was.
    const c0 = d.ids[0];
    await pool().query("update candidate set prompt = 'EDITED', answer = '999' where id = $1", [c0]);
    await pool().query("update candidate_score set pass_rate = 1, band = 'too_easy' where candidate_id = $1", [c0]);
    await pool().query("update sample set response = 'rewritten sample' where candidate_id = $1", [c0]);
    expect(await rows(first.id, 100)).toEqual(before);
    const third = await freezeSnapshot(lead, "alg");
    expect((await getSnapshot(leadP, third.id)).contentHash).not.toBe(first.contentHash);
  });

  it("gives two concurrent freezes of one domain consecutive versions", async () => {
    const before = (await listSnapshots(leadP, { domain: "alg" })).items[0].version;
    const [x, y] = await Promise.all([freezeSnapshot(lead, "alg"), freezeSnapshot(lead, "alg")]);
    const versions = await Promise.all([getSnapshot(leadP, x.id), getSnapshot(leadP, y.id)]);
    expect(versions.map((v) => v.version).sort()).toEqual([before + 1, before + 2]);
  });

  it("cannot be altered: a trigger refuses UPDATE/DELETE, and the app role has no such privilege", async () => {
    const { rows: s } = await pool().query<{ id: number }>("select id from domain_snapshot order by id limit 1");
    await expect(pool().query("update snapshot_item set prompt = 'forged' where snapshot_id = $1", [s[0].id])).rejects.toThrow(/immutable/);
    await expect(pool().query("delete from snapshot_item where snapshot_id = $1", [s[0].id])).rejects.toThrow(/immutable/);
    await expect(pool().query("update domain_snapshot set item_count = 0")).rejects.toThrow(/immutable/);
    await ensureAppRole(url, TEST_APP_ROLE_PASSWORD);
    const app = new pg.Client({ connectionString: appRoleUrl(url, TEST_APP_ROLE_PASSWORD) });
    await app.connect();
    try {
      for (const sql of ["update snapshot_item set prompt = 'forged'", "delete from snapshot_item", "truncate snapshot_item", "update domain_snapshot set note = 'x'", "update mixture set name = 'x'", "delete from mixture_entry", "alter table snapshot_item disable trigger all"]) {
        const err = await app.query(sql).then(() => null, (e: { code?: string }) => e);
        expect(err, sql).not.toBeNull();
        expect(err!.code, sql).toBe("42501");
      }
      const ok = await app.query("select count(*)::int as n from snapshot_item");
      expect(ok.rows[0].n).toBeGreaterThan(0);
    } finally {
      await app.end();
    }
  });

  it("is read by leads and assigned reviewers only", async () => {
    const { rows: s } = await pool().query<{ id: number }>("select id from domain_snapshot order by id limit 1");
    await expect(getSnapshot(outsider, s[0].id)).rejects.toMatchObject({ code: "forbidden" });
    expect((await listSnapshots(outsider)).items).toEqual([]);
    await pool().query("insert into domain_reviewer (domain_id, user_id) values ($1, $2)", [d.domainId, outsider.userId]);
    expect((await getSnapshot(outsider, s[0].id)).id).toBe(s[0].id);
    const page = await snapshotItems(outsider, s[0].id, { limit: 4 });
    expect(page.items).toHaveLength(4);
    expect((await snapshotItems(outsider, s[0].id, { cursor: page.nextCursor!, limit: 4 })).items).toHaveLength(2);
  });
});

describe("diffSnapshots", () => {
  it("reports added, removed and response-changed items with counts and a keyset page", async () => {
    const e = await seedScored("geo", 6);
    const [g0, g1, g2, g3, g4] = e.ids;
    for (const c of [g0, g1, g2]) await accept(e.domainId, c, { sampleId: e.target.get(c), source: "sample" });
    const v1 = await freezeSnapshot(lead, "geo");
    await accept(e.domainId, g1, {}, "reject"); // removed (e.g. re-adjudicated)
    await accept(e.domainId, g2, { source: "teacher" }); // response changed
    await accept(e.domainId, g3, { source: "reference" }); // added
    await accept(e.domainId, g4, { source: "reference" }); // added
    const v2 = await freezeSnapshot(lead, "geo");
    const diff = await diffSnapshots(leadP, v1.id, v2.id, { limit: 2 });
    expect(diff.counts).toEqual({ added: 2, removed: 1, changed: 1, same: 1 });
    expect(diff.items.map((i) => [i.candidateId, i.kind])).toEqual([[g1, "removed"], [g2, "changed"]]);
    expect(diff.items[1]).toMatchObject({ responseChanged: true, before: `target answer to ${g2}`, after: `teacher answer to ${g2}` });
    const next = await diffSnapshots(leadP, v1.id, v2.id, { limit: 2, cursor: diff.nextCursor! });
    expect(next.items.map((i) => [i.candidateId, i.kind])).toEqual([[g3, "added"], [g4, "added"]]);
    expect(next.nextCursor).toBeNull();
    const { rows: other } = await pool().query<{ id: number }>("select id from domain_snapshot where domain_id = $1 limit 1", [d.domainId]);
    await expect(diffSnapshots(leadP, v1.id, other[0].id)).rejects.toMatchObject({ code: "bad_request" });
  });
});
