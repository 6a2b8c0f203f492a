import { beforeAll, describe, expect, it } from "vitest";
import { listAudit, systemActor } from "@/lib/audit";
import { db } from "@/lib/db/client";
import { signIn } from "@/lib/testing/auth-requests";
import { useMigratedDatabase } from "@/lib/testing/db";
import { principalFromHeaders } from "./principal";
import { THROTTLE } from "./server";
import { createApiToken, listApiTokens, revokeApiToken } from "./tokens";
import { createUser, setUserActive, setUserRole } from "./users";

beforeAll(async () => {
  await useMigratedDatabase();
});

describe("accounts", () => {
  it("signs in with the right password only, and records both outcomes", async () => {
    await createUser(systemActor, { email: "Ada@Example.com", name: "Ada", role: "lead", password: "correct horse" });
    const bad = await signIn("ada@example.com", "wrong password");
    expect(bad.status).toBe(401);
    const ok = await signIn("ada@example.com", "correct horse");
    expect(ok.status).toBe(200);
    const p = await principalFromHeaders(new Headers({ cookie: ok.cookie }));
    expect(p).toMatchObject({ email: "ada@example.com", role: "lead", via: "session" });
    const actions = (await listAudit({ actor: "ada@" })).items.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["auth.sign_in", "auth.sign_in_failed"]));
  });

  it("stores a memory-hard hash, never the password", async () => {
    await createUser(systemActor, { email: "hash@example.com", name: "H", role: "reviewer", password: "s3cret-pass" });
    const acct = await db().account.findFirst({ where: { user: { email: "hash@example.com" } } });
    expect(acct?.password).toBeTruthy();
    expect(acct?.password).not.toContain("s3cret-pass");
  });

  it("throttles a client after repeated failures, even with the right password", async () => {
    await createUser(systemActor, { email: "t@example.com", name: "T", role: "reviewer", password: "right-password" });
    for (let i = 0; i < THROTTLE.free; i++) expect((await signIn("t@example.com", "nope-nope")).status).toBe(401);
    const blocked = await signIn("t@example.com", "right-password");
    expect(blocked.status).toBe(429);
    expect(JSON.stringify(blocked.body)).toMatch(/Too many sign-in attempts/);
  });

  it("ends sessions and tokens at once when a user is deactivated, and refuses new sign-ins", async () => {
    const admin = await createUser(systemActor, { email: "boss@example.com", name: "B", role: "admin", password: "boss-password" });
    const u = await createUser(systemActor, { email: "gone@example.com", name: "G", role: "reviewer", password: "gone-password" });
    const { cookie } = await signIn("gone@example.com", "gone-password");
    const principal = (await principalFromHeaders(new Headers({ cookie })))!;
    const { token } = await createApiToken(principal, { name: "ci" });
    expect(await principalFromHeaders(new Headers({ authorization: `Bearer ${token}` }))).toMatchObject({ via: "token" });

    await setUserActive({ id: admin.id, email: admin.email }, u.id, false);
    expect(await principalFromHeaders(new Headers({ cookie }))).toBeNull();
    expect(await principalFromHeaders(new Headers({ authorization: `Bearer ${token}` }))).toBeNull();
    expect((await signIn("gone@example.com", "gone-password")).status).not.toBe(200);
  });

  it("keeps at least one active admin", async () => {
    const only = await createUser(systemActor, { email: "solo@example.com", name: "S", role: "admin" });
    await db().user.updateMany({ where: { role: "admin", id: { not: only.id } }, data: { active: false } });
    await expect(setUserRole(systemActor, only.id, "lead")).rejects.toMatchObject({ code: "bad_request" });
  });

  it("shows a token once, stores only its hash, and revokes it", async () => {
    const u = await createUser(systemActor, { email: "tok@example.com", name: "T", role: "lead" });
    const owner = { userId: u.id, email: u.email, name: u.name, role: "lead" as const, via: "session" as const };
    const created = await createApiToken(owner, { name: "laptop" });
    expect(created.token).toMatch(/^ew_/);
    const stored = await db().apiToken.findUnique({ where: { id: created.id } });
    expect(Buffer.from(stored!.tokenHash).toString("utf8")).not.toContain(created.token);
    expect((await listApiTokens(owner))[0]).not.toHaveProperty("token");
    await revokeApiToken(owner, created.id);
    expect(await principalFromHeaders(new Headers({ authorization: `Bearer ${created.token}` }))).toBeNull();
  });

  it("leaves one admin when two admins demote (or deactivate) each other at the same moment", async () => {
    await db().user.updateMany({ where: { role: "admin" }, data: { role: "lead" } });
    for (const change of ["role", "active"] as const) {
      const a = await createUser(systemActor, { email: `race-a-${change}@example.com`, name: "A", role: "admin" });
      const b = await createUser(systemActor, { email: `race-b-${change}@example.com`, name: "B", role: "admin" });
      const act = (by: typeof a, who: typeof a) =>
        change === "role" ? setUserRole({ id: by.id, email: by.email }, who.id, "lead") : setUserActive({ id: by.id, email: by.email }, who.id, false);
      const results = await Promise.allSettled([act(a, b), act(b, a)]);
      expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
      expect(await db().user.count({ where: { role: "admin", active: true } })).toBe(1);
      await db().user.updateMany({ where: { role: "admin" }, data: { role: "lead" } }); // next round starts with none
    }
  });

  it("refuses to rewrite the audit trail", async () => {
    await expect(db().auditEvent.deleteMany({})).rejects.toThrow(/append-only/);
    await expect(db().auditEvent.updateMany({ data: { action: "x" } })).rejects.toThrow(/append-only/);
  });
});
