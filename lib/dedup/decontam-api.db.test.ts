import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listRoute, POST as uploadRoute } from "@/app/api/benchmarks/route";
import { DELETE as deleteRoute } from "@/app/api/benchmarks/[id]/route";
import { GET as contaminationRoute } from "@/app/api/candidates/[id]/contamination/route";
import { PUT as overrideRoute } from "@/app/api/domains/[slug]/benchmarks/[id]/route";
import { GET as stateRoute, POST as checkRoute } from "@/app/api/domains/[slug]/decontam/route";
import { systemActor } from "@/lib/audit";
import { pool } from "@/lib/db/client";
import { createDomain } from "@/lib/domains";
import { closeConnections } from "@/lib/scoring/test-fixtures";
import { useMigratedDatabase } from "@/lib/testing/db";
import { tokenUsers } from "@/lib/testing/route-calls";
import { runDecontamCheck } from "./index";

// The HTTP edge of benchmarks and decontamination: leads upload (bad lines named), start
// checks and override; a reviewer reads a candidate's hits in their domain only.

const api = tokenUsers("api.dc");
const call = api.call;
let candidateId = 0;

beforeAll(async () => {
  await useMigratedDatabase();
  await api.add("lead", "lead");
  await api.add("rev", "reviewer");
  const d = await createDomain({ slug: "web", name: "Web" }, systemActor);
  const { rows } = await pool().query<{ id: number }>(
    "insert into candidate (domain_id, prompt, prompt_hash) values ($1, $2::text, sha256(convert_to($2::text, 'UTF8'))) returning id",
    [d.id, "Copied: the quick brown fox jumps over the lazy dog while seven purple elephants dance on the old wooden bridge."],
  );
  candidateId = rows[0].id;
});

afterAll(async () => {
  await closeConnections();
});

describe("benchmarks over HTTP", () => {
  it("a lead uploads a file (bad lines named, 422), lists, checks a domain, overrides; reviewers are refused", async () => {
    const bad = await call(uploadRoute, "lead", {
      method: "POST",
      path: "api/benchmarks?name=Fox&releaseDate=2025-02-03&mapping=" + encodeURIComponent('{"prompt":"q"}'),
      raw: '{"q": "fine"}\n{"q": 3}\n',
    });
    expect(bad.status).toBe(422);
    expect(bad.json.error.details.badLines).toEqual([{ line: 2, reason: expect.stringContaining('"q" (mapped to prompt)') }]);
    expect((await call(uploadRoute, "rev", { method: "POST", path: "api/benchmarks?name=X&releaseDate=2025-01-01", raw: "{}\n" })).status).toBe(403);
    expect((await call(uploadRoute, "lead", { method: "POST", path: "api/benchmarks?name=X&releaseDate=soon", raw: "{}\n" })).status).toBe(400);

    const ok = await call(uploadRoute, "lead", {
      method: "POST",
      path: "api/benchmarks?name=Fox&releaseDate=2025-02-03&licence=CC0&mapping=" + encodeURIComponent('{"prompt":"q"}'),
      raw: JSON.stringify({ q: "The quick brown fox jumps over the lazy dog while seven purple elephants dance on the old wooden bridge." }) + "\n",
    });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ name: "Fox", itemCount: 1, releaseDate: "2025-02-03", licence: "CC0", builtin: false });
    const list = await call(listRoute, "lead");
    expect(list.json.items.map((b: { name: string }) => b.name)).toContain("Fox");

    const check = await call(checkRoute, "lead", { method: "POST", params: { slug: "web" }, body: { benchmarks: ["Fox"] } });
    expect(check.status).toBe(200);
    expect(check.json).toMatchObject({ status: "queued", total: 1, benchmarks: [{ name: "Fox" }] });
    await runDecontamCheck(check.json.id); // what the worker does with the queued job
    const state = await call(stateRoute, "lead", { params: { slug: "web" } });
    expect(state.json).toMatchObject({ contaminated: 1, checks: [{ status: "done", hits: 1 }] });
    expect(state.json.benchmarks.find((b: { name: string }) => b.name === "Fox")).toMatchObject({ hits: 1, overridden: false });

    const hits = await call(contaminationRoute, "lead", { params: { id: String(candidateId) } });
    expect(hits.json.items).toMatchObject([{ benchmark: "Fox", n: 13, item: { line: 1 } }]);
    expect((await call(contaminationRoute, "rev", { params: { id: String(candidateId) } })).status).toBe(403); // not their domain

    const off = await call(overrideRoute, "lead", { method: "PUT", params: { slug: "web", id: String(ok.json.id) }, body: { overridden: true } });
    expect(off.json).toEqual({ overridden: true, changed: 1 });
    expect((await call(stateRoute, "lead", { params: { slug: "web" } })).json.contaminated).toBe(0);
    expect((await call(overrideRoute, "rev", { method: "PUT", params: { slug: "web", id: String(ok.json.id) }, body: { overridden: false } })).status).toBe(403);

    expect((await call(deleteRoute, "lead", { method: "DELETE", params: { id: String(ok.json.id) } })).status).toBe(200);
    const builtin = list.json.items.find((b: { builtin: boolean }) => b.builtin);
    expect((await call(deleteRoute, "lead", { method: "DELETE", params: { id: String(builtin.id) } })).status).toBe(409);
  });
});
