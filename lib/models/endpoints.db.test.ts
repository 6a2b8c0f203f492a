import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "@/lib/audit";
import { systemActor } from "@/lib/audit";
import { db } from "@/lib/db/client";
import { useMigratedDatabase } from "@/lib/testing/db";
import { tokenUsers } from "@/lib/testing/route-calls";
import * as listRoute from "@/app/api/endpoints/route";
import * as itemRoute from "@/app/api/endpoints/[id]/route";
import * as testRoute from "@/app/api/endpoints/[id]/test/route";
import { createEndpoint, deleteEndpoint, getEndpoint, listEndpoints, testEndpoint, updateEndpoint } from "./endpoints";
import { closeGateway } from "./gateway";
import { decryptApiKey } from "./secret";
import { startSimulator, type Simulator } from "./simulator";

let sim: Simulator;
const api = tokenUsers("endpoints.test");

beforeAll(async () => {
  await useMigratedDatabase();
  sim = await startSimulator({ apiKey: "sk-sim-secret", withDemoKey: false });
  await api.add("admin", "admin");
  await api.add("lead", "lead");
});
afterAll(async () => {
  await closeGateway();
  await sim.close();
});

const base = () => ({ name: `sim ${Math.random().toString(36).slice(2, 8)}`, baseUrl: `${sim.url}/`, model: "sim-target", roles: ["target" as const] });

describe("model endpoints", () => {
  it("stores a typed key encrypted and never shows it", async () => {
    const e = await createEndpoint({ ...base(), apiKey: "sk-sim-secret" }, systemActor);
    expect(e).toMatchObject({ hasStoredKey: true, apiKeyEnv: null, maxConcurrent: 8, simulated: false });
    expect(e.baseUrl).toBe(sim.url); // trailing slash trimmed
    expect(JSON.stringify(e)).not.toContain("sk-sim-secret");
    expect(JSON.stringify(await listEndpoints())).not.toContain("sk-sim-secret");
    const row = await db().modelEndpoint.findUniqueOrThrow({ where: { id: e.id } });
    expect(Buffer.from(row.apiKeyEncrypted!).toString("latin1")).not.toContain("sk-sim-secret");
    expect(decryptApiKey(row.apiKeyEncrypted!)).toBe("sk-sim-secret");
    const audit = await listAudit({ action: "endpoint." });
    expect(JSON.stringify(audit.items)).not.toContain("sk-sim-secret");
    expect(audit.items[0]).toMatchObject({ action: "endpoint.create", targetId: String(e.id) });
  });

  it("tests the connection: the answer, or the exact error", async () => {
    const good = await createEndpoint({ ...base(), apiKey: "sk-sim-secret" }, systemActor);
    const ok = await testEndpoint(good.id);
    expect(ok).toMatchObject({ ok: true });
    expect(ok.ok && ok.answer.length).toBeGreaterThan(0);

    const wrongKey = await createEndpoint({ ...base(), apiKey: "sk-wrong" }, systemActor);
    expect(await testEndpoint(wrongKey.id)).toEqual({
      ok: false,
      error: { kind: "client_error", status: 401, message: "401 Incorrect API key provided (simulated)" },
    });

    const envKey = await createEndpoint({ ...base(), apiKeyEnv: "EDGEWISE_KEY_TEST_UNSET" }, systemActor);
    const r = await testEndpoint(envKey.id);
    expect(r).toMatchObject({ ok: false, error: { kind: "client_error", message: expect.stringMatching(/EDGEWISE_KEY_TEST_UNSET.*not set/) } });
  });

  it("updates settings and the key source, audited as before → after", async () => {
    const e = await createEndpoint({ ...base(), apiKey: "sk-one" }, systemActor);
    const u = await updateEndpoint(e.id, { maxConcurrent: 3, roles: ["teacher", "judge"], requestsPerMinute: 100, apiKeyEnv: "OPENAI_API_KEY" }, systemActor);
    expect(u).toMatchObject({ maxConcurrent: 3, roles: ["teacher", "judge"], requestsPerMinute: 100, apiKeyEnv: "OPENAI_API_KEY", hasStoredKey: false });
    const back = await updateEndpoint(e.id, { apiKey: "sk-two" }, systemActor);
    expect(back).toMatchObject({ apiKeyEnv: null, hasStoredKey: true });
    expect((await updateEndpoint(e.id, { apiKey: null }, systemActor)).hasStoredKey).toBe(false);
    const audit = await listAudit({ action: "endpoint.update" });
    expect(audit.items.at(-1)!.details).toMatchObject({ maxConcurrent: { from: 8, to: 3 } });
    expect(JSON.stringify(audit.items)).not.toMatch(/sk-one|sk-two/);
  });

  it("validates input and refuses duplicate names and Edgewise's own variables", async () => {
    const e = await createEndpoint(base(), systemActor);
    await expect(createEndpoint({ ...base(), name: e.name }, systemActor)).rejects.toMatchObject({ code: "conflict" });
    await expect(createEndpoint({ ...base(), baseUrl: "ftp://x" }, systemActor)).rejects.toThrow(/http/);
    await expect(createEndpoint({ ...base(), roles: [] }, systemActor)).rejects.toThrow(/role/);
    await expect(createEndpoint({ ...base(), apiKeyEnv: "EDGEWISE_KEY_A", apiKey: "sk" }, systemActor)).rejects.toThrow(/not both/);
  });

  it("takes only key variables made for the purpose: EDGEWISE_KEY_* or a provider's usual name", async () => {
    for (const name of ["HOME", "DATABASE_URL", "EDGEWISE_AUTH_SECRET", "EDGEWISE_HOME", "PATH", "AWS_SECRET_ACCESS_KEY", "edgewise_key_x", "EDGEWISE_KEY_"]) {
      await expect(createEndpoint({ ...base(), apiKeyEnv: name }, systemActor), name).rejects.toThrow(/EDGEWISE_KEY_<NAME>/);
    }
    const e = await createEndpoint(base(), systemActor);
    await expect(updateEndpoint(e.id, { apiKeyEnv: "HOME" }, systemActor)).rejects.toThrow(/EDGEWISE_KEY_<NAME>/);
    for (const name of ["EDGEWISE_KEY_VLLM_1", "OPENAI_API_KEY", "ANTHROPIC_API_KEY"]) {
      await expect(updateEndpoint(e.id, { apiKeyEnv: name }, systemActor)).resolves.toMatchObject({ apiKeyEnv: name });
    }
    // A row saved before the rule is not read either: the gateway refuses the name at call time.
    await db().modelEndpoint.update({ where: { id: e.id }, data: { apiKeyEnv: "HOME" } });
    expect(await testEndpoint(e.id)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/HOME is not one an endpoint may use/) } });
  });

  it("refuses a new base URL that would carry the stored key along, unless the key is typed again", async () => {
    const e = await createEndpoint({ ...base(), apiKey: "sk-sim-secret" }, systemActor);
    const elsewhere = "http://127.0.0.1:9/v1";
    await expect(updateEndpoint(e.id, { baseUrl: elsewhere }, systemActor)).rejects.toMatchObject({ code: "bad_request", message: expect.stringMatching(/needs the API key typed again/) });
    expect((await getEndpoint(e.id)).baseUrl).toBe(e.baseUrl); // nothing saved
    await expect(updateEndpoint(e.id, { baseUrl: e.baseUrl + "/", maxConcurrent: 2 }, systemActor)).resolves.toMatchObject({ maxConcurrent: 2 }); // same URL (normalised): fine
    await expect(updateEndpoint(e.id, { baseUrl: elsewhere, apiKey: "sk-new" }, systemActor)).resolves.toMatchObject({ baseUrl: elsewhere, hasStoredKey: true });
    await expect(updateEndpoint(e.id, { baseUrl: e.baseUrl, apiKey: null }, systemActor)).resolves.toMatchObject({ hasStoredKey: false }); // or drop the key
    const noKey = await createEndpoint(base(), systemActor);
    await expect(updateEndpoint(noKey.id, { baseUrl: elsewhere }, systemActor)).resolves.toMatchObject({ baseUrl: elsewhere }); // nothing to carry
  });

  it("deletes, audited, and 404s afterwards", async () => {
    const e = await createEndpoint(base(), systemActor);
    await deleteEndpoint(e.id, systemActor);
    await expect(getEndpoint(e.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(deleteEndpoint(e.id, systemActor)).rejects.toMatchObject({ code: "not_found" });
    expect((await listAudit({ action: "endpoint.delete" })).items[0].targetId).toBe(String(e.id));
  });

  it("filters by role", async () => {
    const judge = await createEndpoint({ ...base(), roles: ["judge"] }, systemActor);
    const judges = await listEndpoints({ role: "judge" });
    expect(judges.map((j) => j.id)).toContain(judge.id);
    expect(judges.every((j) => j.roles.includes("judge"))).toBe(true);
  });
});

describe("endpoint routes", () => {
  const call = api.request;

  it("lets leads list, admins create, edit, test and delete; keys never leave", async () => {
    const created = await call(listRoute.POST, "admin", { method: "POST", body: { ...base(), apiKey: "sk-sim-secret" }, path: "api/endpoints" });
    expect(created.status).toBe(200);
    const body = await created.json();
    expect(JSON.stringify(body)).not.toContain("sk-sim-secret");
    const id = String(body.id);

    const listed = await call(listRoute.GET, "lead", { path: "api/endpoints" });
    expect(listed.status).toBe(200);
    expect(JSON.stringify(await listed.json())).not.toContain("sk-sim-secret");

    const asLead = await call(itemRoute.PATCH, "lead", { method: "PATCH", body: { maxConcurrent: 2 }, params: { id }, path: `api/endpoints/${id}` });
    expect(asLead.status).toBe(403);
    const patched = await call(itemRoute.PATCH, "admin", { method: "PATCH", body: { maxConcurrent: 2 }, params: { id }, path: `api/endpoints/${id}` });
    expect((await patched.json()).maxConcurrent).toBe(2);
    const bad = await call(itemRoute.PATCH, "admin", { method: "PATCH", body: { maxConcurrent: 0 }, params: { id }, path: `api/endpoints/${id}` });
    expect(bad.status).toBe(400);

    const tested = await call(testRoute.POST, "admin", { method: "POST", params: { id }, path: `api/endpoints/${id}/test` });
    expect(await tested.json()).toMatchObject({ ok: true });

    expect((await call(itemRoute.DELETE, "admin", { method: "DELETE", params: { id }, path: `api/endpoints/${id}` })).status).toBe(200);
    expect((await call(itemRoute.GET, "lead", { params: { id }, path: `api/endpoints/${id}` })).status).toBe(404);
  });
});
