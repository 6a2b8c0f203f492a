import { beforeAll, describe, expect, it } from "vitest";
import { listAudit, systemActor } from "@/lib/audit";
import { db, pool } from "@/lib/db/client";
import { authPost, signIn } from "@/lib/testing/auth-requests";
import { useMigratedDatabase } from "@/lib/testing/db";
import { resetUserPassword } from "./passwords";
import { principalFromHeaders } from "./principal";
import { clientKey } from "./throttle";
import { createUser } from "./users";

const signedIn = async (cookie: string) => principalFromHeaders(new Headers({ cookie }));

beforeAll(async () => {
  await useMigratedDatabase();
});

describe("changing one's own password", () => {
  it("needs the current password, ends the other sessions, keeps this one, and is audited", async () => {
    await createUser(systemActor, { email: "own@example.com", name: "Own", role: "reviewer", password: "first-password" });
    const laptop = await signIn("own@example.com", "first-password");
    const phone = await signIn("own@example.com", "first-password", { socket: "10.0.0.2" });

    const wrong = await authPost("/change-password", { currentPassword: "not-it-at-all", newPassword: "second-password" }, { cookie: laptop.cookie });
    expect(wrong.status).toBe(400);
    expect(await signedIn(phone.cookie)).not.toBeNull();

    // The client asks to keep the other sessions; the server ends them anyway.
    const ok = await authPost(
      "/change-password",
      { currentPassword: "first-password", newPassword: "second-password", revokeOtherSessions: false },
      { cookie: laptop.cookie },
    );
    expect(ok.status).toBe(200);
    expect(await signedIn(phone.cookie)).toBeNull();
    expect(await signedIn(ok.cookie)).toMatchObject({ email: "own@example.com" });

    expect((await signIn("own@example.com", "first-password", { socket: "10.0.0.3" })).status).toBe(401);
    expect((await signIn("own@example.com", "second-password", { socket: "10.0.0.3" })).status).toBe(200);
    const actions = (await listAudit({ actor: "own@example.com" })).items.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["auth.password_change", "auth.password_change_failed"]));
  });

  it("refuses without a session", async () => {
    const r = await authPost("/change-password", { currentPassword: "whatever-1", newPassword: "whatever-2" });
    expect(r.status).toBe(401);
  });
});

describe("an admin's password reset", () => {
  it("returns a new password once, ends every session, lifts the sign-in throttle, and is audited", async () => {
    const admin = await createUser(systemActor, { email: "root@example.com", name: "Root", role: "admin", password: "admin-password" });
    const u = await createUser(systemActor, { email: "lost@example.com", name: "Lost", role: "lead", password: "old-password" });
    const session = await signIn("lost@example.com", "old-password");
    // A client in backoff for the next hour (as many wrong guesses leave it; set directly, so the
    // test does not depend on how fast this machine hashes).
    await pool().query("insert into sign_in_throttle (key, attempts, next_allowed, updated_at) values ($1, 20, now() + interval '1 hour', now())", [
      clientKey("lost@example.com", "10.9.9.9"),
    ]);
    expect((await signIn("lost@example.com", "old-password", { socket: "10.9.9.9" })).status).toBe(429);

    const reset = await resetUserPassword({ id: admin.id, email: admin.email }, u.id);
    expect(reset).toMatchObject({ id: u.id, email: "lost@example.com" });
    expect(reset.password.length).toBeGreaterThanOrEqual(16);
    expect(await signedIn(session.cookie)).toBeNull();
    expect((await signIn("lost@example.com", "old-password", { socket: "10.9.9.8" })).status).toBe(401);
    expect((await signIn("lost@example.com", reset.password, { socket: "10.9.9.9" })).status).toBe(200);

    const stored = await db().account.findFirst({ where: { userId: u.id, providerId: "credential" } });
    expect(stored?.password).not.toContain(reset.password);
    const [event] = (await listAudit({ action: "user.password_reset" })).items;
    expect(event).toMatchObject({ actorEmail: "root@example.com", targetId: u.id });
    expect(JSON.stringify(event)).not.toContain(reset.password);
  });

  it("is a 404 for an unknown user", async () => {
    await expect(resetUserPassword(systemActor, "no-such-user")).rejects.toMatchObject({ code: "not_found" });
  });
});
