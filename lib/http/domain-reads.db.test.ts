import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/audit";
import { createImportBatch } from "@/lib/candidates/import-batches";
import { pool } from "@/lib/db/client";
import { createDomain } from "@/lib/domains";
import { setAssignments } from "@/lib/review";
import { useMigratedDatabase } from "@/lib/testing/db";
import { tokenUsers, type RouteHandler } from "@/lib/testing/route-calls";

// Reviewers read only the domains they are assigned to (issue 9): candidates, their evidence,
// imports and runs of other domains are a 403 through the real route handlers; leads read all.

type Handler = RouteHandler & { requiredRole?: string };
const api = tokenUsers("reads.test");
type Who = "lead" | "assigned" | "other";
const ids = { candA: 0, candB: 0, importA: 0, importB: 0, importPerLine: 0, runA: 0, runB: 0 };

beforeAll(async () => {
  await useMigratedDatabase();
  const a = await createDomain({ slug: "alpha", name: "Alpha" }, systemActor);
  const b = await createDomain({ slug: "beta", name: "Beta" }, systemActor);
  await api.add("lead", "lead");
  const assigned = await api.add("assigned", "reviewer");
  await api.add("other", "reviewer");
  await setAssignments(systemActor, "alpha", [assigned.id]);
  ids.importA = (await createImportBatch({ fileName: "a.jsonl", domainSlug: "alpha", createdBy: "t" })).id;
  ids.importB = (await createImportBatch({ fileName: "b.jsonl", domainSlug: "beta", createdBy: "t" })).id;
  ids.importPerLine = (await createImportBatch({ fileName: "mixed.jsonl", createdBy: "t" })).id;
  const c = await pool().query<{ id: number }>(
    `insert into candidate (domain_id, batch_id, prompt, prompt_hash)
     values ($1, $3, 'alpha prompt', sha256('a')), ($2, $4, 'beta prompt', sha256('b')) returning id`,
    [a.id, b.id, ids.importA, ids.importB],
  );
  [ids.candA, ids.candB] = c.rows.map((r) => r.id);
  const r = await pool().query<{ id: number }>(
    `insert into scoring_run (domain_id, phase, target_endpoint_id, settings_hash, created_by)
     values ($1, 'exploration', 1, 'h', 't'), ($2, 'exploration', 1, 'h', 't') returning id`,
    [a.id, b.id],
  );
  [ids.runA, ids.runB] = r.rows.map((x) => x.id);
});

async function get(file: string, who: Who, params: Record<string, string> = {}, query = ""): Promise<Response> {
  const mod = (await import(/* @vite-ignore */ path.resolve(file))) as { GET: Handler };
  return api.request(mod.GET, who, { params, path: `x${query}` });
}

const json = async (res: Response) => (await res.json()) as { items: { id: number }[]; error?: { message: string } };

describe("reads held to a reviewer's domains", () => {
  it("the read routes are open to reviewers (and writes stay lead+)", async () => {
    for (const f of ["app/api/imports/route.ts", "app/api/imports/[id]/route.ts", "app/api/imports/[id]/errors/route.ts", "app/api/runs/route.ts", "app/api/runs/[id]/route.ts"]) {
      const mod = (await import(/* @vite-ignore */ path.resolve(f))) as Record<string, Handler>;
      expect(mod.GET.requiredRole, f).toBe("reviewer");
      for (const m of ["POST", "PUT", "PATCH", "DELETE"]) if (mod[m]) expect(mod[m].requiredRole, `${m} ${f}`).toBe("lead");
    }
  });

  it("candidates list: a reviewer sees their domains only; another domain is a 403", async () => {
    const mine = await json(await get("app/api/candidates/route.ts", "assigned"));
    expect(mine.items.map((i) => i.id)).toEqual([ids.candA]);
    expect((await json(await get("app/api/candidates/route.ts", "other"))).items).toEqual([]);
    const res = await get("app/api/candidates/route.ts", "assigned", {}, "?domain=beta");
    expect(res.status).toBe(403);
    expect((await get("app/api/candidates/route.ts", "assigned", {}, `?run=${ids.runB}`)).status).toBe(403);
    expect((await get("app/api/candidates/route.ts", "assigned", {}, "?domain=alpha")).status).toBe(200);
    const all = await json(await get("app/api/candidates/route.ts", "lead"));
    expect(all.items.map((i) => i.id).sort()).toEqual([ids.candA, ids.candB].sort());
  });

  it("an unknown filter is a 400 naming it", async () => {
    const res = await get("app/api/candidates/route.ts", "lead", {}, "?bnad=teachable");
    expect(res.status).toBe(400);
    expect((await json(res)).error?.message).toContain("bnad");
    expect((await get("app/api/candidates/route.ts", "lead", {}, "?band=teachable&domain=alpha")).status).toBe(200);
  });

  for (const file of ["app/api/candidates/[id]/route.ts", "app/api/candidates/[id]/evidence/route.ts"]) {
    it(`${file}: 200 in the reviewer's domain, 403 in another, 200 for a lead`, async () => {
      expect((await get(file, "assigned", { id: String(ids.candA) })).status).toBe(200);
      const denied = await get(file, "assigned", { id: String(ids.candB) });
      expect(denied.status).toBe(403);
      expect((await json(denied)).error?.message).toMatch(/not assigned/);
      expect((await get(file, "other", { id: String(ids.candA) })).status).toBe(403);
      expect((await get(file, "lead", { id: String(ids.candB) })).status).toBe(200);
      expect((await get(file, "assigned", { id: "999999" })).status).toBe(404);
    });
  }

  it("evidence hides lineage into domains the reviewer may not read (previews are prompt text)", async () => {
    await pool().query("insert into candidate_lineage (child_id, parent_id) values ($1, $2)", [ids.candB, ids.candA]);
    const mine = (await (await get("app/api/candidates/[id]/evidence/route.ts", "assigned", { id: String(ids.candA) })).json()) as { variants: unknown[] };
    expect(mine.variants).toEqual([]);
    const lead = (await (await get("app/api/candidates/[id]/evidence/route.ts", "lead", { id: String(ids.candA) })).json()) as { variants: { id: number }[] };
    expect(lead.variants.map((v) => v.id)).toEqual([ids.candB]);
    await pool().query("delete from candidate_lineage where child_id = $1", [ids.candB]);
  });

  it("imports: a reviewer lists and reads those of their domains, read-only", async () => {
    const list = await json(await get("app/api/imports/route.ts", "assigned"));
    expect(list.items.map((i) => i.id)).toEqual([ids.importA]);
    expect((await json(await get("app/api/imports/route.ts", "lead"))).items).toHaveLength(3);
    for (const file of ["app/api/imports/[id]/route.ts", "app/api/imports/[id]/errors/route.ts"]) {
      expect((await get(file, "assigned", { id: String(ids.importA) })).status, file).toBe(200);
      expect((await get(file, "assigned", { id: String(ids.importB) })).status, file).toBe(403);
      expect((await get(file, "assigned", { id: String(ids.importPerLine) })).status, file).toBe(403); // no domain: leads only
      expect((await get(file, "lead", { id: String(ids.importB) })).status, file).toBe(200);
    }
  });

  it("runs: a reviewer lists and reads those of their domains", async () => {
    const list = await json(await get("app/api/runs/route.ts", "assigned"));
    expect(list.items.map((i) => i.id)).toEqual([ids.runA]);
    expect((await json(await get("app/api/runs/route.ts", "other"))).items).toEqual([]);
    expect((await get("app/api/runs/[id]/route.ts", "assigned", { id: String(ids.runA) })).status).toBe(200);
    expect((await get("app/api/runs/[id]/route.ts", "assigned", { id: String(ids.runB) })).status).toBe(403);
    expect((await get("app/api/runs/[id]/route.ts", "lead", { id: String(ids.runB) })).status).toBe(200);
  });

  it("domains: a reviewer lists and reads only their domains", async () => {
    const slugs = async (who: Who) =>
      ((await (await get("app/api/domains/route.ts", who)).json()) as { items: { slug: string }[] }).items.map((d) => d.slug).sort();
    expect(await slugs("assigned")).toEqual(["alpha"]);
    expect(await slugs("other")).toEqual([]);
    expect(await slugs("lead")).toEqual(["alpha", "beta"]);
    expect((await get("app/api/domains/[slug]/route.ts", "assigned", { slug: "alpha" })).status).toBe(200);
    expect((await get("app/api/domains/[slug]/route.ts", "assigned", { slug: "beta" })).status).toBe(403);
    expect((await get("app/api/domains/[slug]/route.ts", "lead", { slug: "beta" })).status).toBe(200);
  });
});
