import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as previewRoute } from "@/app/api/mixtures/preview/route";
import { GET as mixtureRoute } from "@/app/api/mixtures/[id]/route";
import { POST as createMixtureRoute } from "@/app/api/mixtures/route";
import { GET as diffRoute } from "@/app/api/snapshots/[id]/diff/route";
import { GET as snapshotRoute } from "@/app/api/snapshots/[id]/route";
import { GET as listRoute, POST as freezeRoute } from "@/app/api/snapshots/route";
import { disconnect, pool } from "@/lib/db/client";
import { useMigratedDatabase } from "@/lib/testing/db";
import { tokenUsers } from "@/lib/testing/route-calls";
import { accept, seedScored, type Seeded } from "./test-fixtures";

// The HTTP edge of snapshots and mixtures: leads freeze and mix, reviewers read only their
// domains' snapshots, errors are clear 4xx.

const api = tokenUsers("api.snap");
const call = api.call;
let a: Seeded;
let b: Seeded;

beforeAll(async () => {
  await useMigratedDatabase();
  await api.add("lead", "lead");
  await api.add("rev", "reviewer");
  a = await seedScored("api-a", 4);
  b = await seedScored("api-b", 2);
  for (const c of a.ids.slice(0, 3)) await accept(a.domainId, c, { sampleId: a.target.get(c), source: "sample" });
});

afterAll(async () => {
  await disconnect();
});

describe("snapshot and mixture routes", () => {
  it("freeze: a lead freezes, an empty domain is a 400 that says why", async () => {
    const empty = await call(freezeRoute, "lead", { method: "POST", body: { domain: "api-b" } });
    expect(empty.status).toBe(400);
    expect(empty.json.error.message).toMatch(/nothing accepted yet/i);
    const ok = await call(freezeRoute, "lead", { method: "POST", body: { domain: "api-a", note: "v1" } });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ domain: "api-a", version: 1, itemCount: 3, note: "v1" });
    const missing = await call(freezeRoute, "lead", { method: "POST", body: { domain: "nope" } });
    expect(missing.status).toBe(404);
  });

  it("reviewers read the snapshots of their domains only", async () => {
    const { rows } = await pool().query<{ id: number }>("select id from domain_snapshot");
    const id = String(rows[0].id);
    expect((await call(snapshotRoute, "rev", { params: { id } })).status).toBe(403);
    expect((await call(listRoute, "rev")).json.items).toEqual([]);
    await pool().query("insert into domain_reviewer (domain_id, user_id) values ($1, $2)", [a.domainId, api.users.rev.id]);
    const got = await call(snapshotRoute, "rev", { params: { id }, path: "x?limit=2" });
    expect(got.status).toBe(200);
    expect(got.json.items.items).toHaveLength(2);
    expect(got.json.items.nextCursor).not.toBeNull();
    expect((await call(listRoute, "rev")).json.items).toHaveLength(1);
  });

  it("diff and mixtures over HTTP", async () => {
    await accept(a.domainId, a.ids[3], { source: "reference" });
    const v2 = (await call(freezeRoute, "lead", { method: "POST", body: { domain: "api-a" } })).json;
    await accept(b.domainId, b.ids[0], { source: "teacher" });
    const bv1 = (await call(freezeRoute, "lead", { method: "POST", body: { domain: "api-b" } })).json;
    const { rows } = await pool().query<{ id: number }>("select id from domain_snapshot where version = 1 and domain_id = $1", [a.domainId]);
    const diff = await call(diffRoute, "lead", { params: { id: String(v2.id) }, path: `x?against=${rows[0].id}` });
    expect(diff.json.counts).toMatchObject({ added: 1, removed: 0, changed: 0 });

    const bad = await call(previewRoute, "lead", { method: "POST", body: { name: "m", mode: "epochs", entries: [{ snapshotId: rows[0].id, epochs: 1 }, { snapshotId: v2.id, epochs: 1 }] } });
    expect(bad.status).toBe(400);
    const body = { name: "two-domains", mode: "epochs", entries: [{ snapshotId: v2.id, epochs: 2 }, { snapshotId: bv1.id, epochs: 3 }] };
    const preview = await call(previewRoute, "lead", { method: "POST", body });
    expect(preview.json).toMatchObject({ rows: 4 * 2 + 1 * 3 });
    const m1 = await call(createMixtureRoute, "lead", { method: "POST", body });
    const m2 = await call(createMixtureRoute, "lead", { method: "POST", body });
    expect([m1.json.version, m2.json.version]).toEqual([1, 2]);
    expect((await call(mixtureRoute, "lead", { params: { id: String(m2.json.id) } })).json.perDomain).toHaveLength(2);
    expect((await call(createMixtureRoute, "rev", { method: "POST", body })).status).toBe(403);
  });
});
