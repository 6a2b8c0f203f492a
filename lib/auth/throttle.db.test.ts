import { beforeAll, describe, expect, it } from "vitest";
import { listAudit, systemActor } from "@/lib/audit";
import { pool } from "@/lib/db/client";
import { useMigratedDatabase } from "@/lib/testing/db";
import { auth, THROTTLE } from "./server";
import { createUser } from "./users";

// The sign-in throttle through better-auth's real HTTP handler, as the web server runs it:
// the socket preload's header names the TCP peer, X-Forwarded-For is whatever a client wrote.
const ORIGIN = "http://localhost:3000";
(globalThis as Record<symbol, unknown>)[Symbol.for("edgewise.socketAddress")] = "x-edgewise-socket-address";

async function signIn(email: string, password: string, socket: string, xff?: string) {
  const headers: Record<string, string> = { "content-type": "application/json", origin: ORIGIN, "x-edgewise-socket-address": socket };
  if (xff) headers["x-forwarded-for"] = xff;
  const res = await auth().handler(
    new Request(`${ORIGIN}/api/auth/sign-in/email`, { method: "POST", headers, body: JSON.stringify({ email, password }) }),
  );
  return { status: res.status, retryAfter: res.headers.get("retry-after") };
}

const failures = async (email: string) =>
  (await listAudit({ action: "auth.sign_in_failed", actor: email, limit: 200 })).items.filter((e) => e.actorEmail === email);

beforeAll(async () => {
  await useMigratedDatabase();
});

describe("sign-in throttle", () => {
  it("lets at most the allowed number of 100 concurrent wrong passwords reach the password check", async () => {
    await createUser(systemActor, { email: "race@example.com", name: "R", role: "admin", password: "the-right-one" });
    const results = await Promise.all(Array.from({ length: 100 }, () => signIn("race@example.com", "wrong-guess", "10.0.0.1")));
    const counts = results.reduce<Record<number, number>>((m, r) => ({ ...m, [r.status]: (m[r.status] ?? 0) + 1 }), {});
    expect(counts[401], `statuses: ${JSON.stringify(counts)}`).toBe(THROTTLE.free);
    expect((await failures("race@example.com")).length).toBe(THROTTLE.free);
    expect(results.find((r) => r.status === 429)?.retryAfter).toMatch(/^\d+$/);
  });

  it("ignores a client-chosen X-Forwarded-For: rotating it does not help, and the audit records the socket's address", async () => {
    await createUser(systemActor, { email: "xff@example.com", name: "X", role: "reviewer", password: "the-right-one" });
    const statuses = [];
    for (let i = 0; i < 12; i++) statuses.push((await signIn("xff@example.com", "wrong-guess", "10.0.0.2", `203.0.113.${i}`)).status);
    expect(statuses.filter((s) => s === 401).length).toBe(THROTTLE.free);
    expect(statuses.slice(THROTTLE.free)).toEqual(Array(12 - THROTTLE.free).fill(429));
    const ips = new Set((await failures("xff@example.com")).map((e) => e.ip));
    expect([...ips]).toEqual(["10.0.0.2"]);
  });

  it("keeps the real user signing in from elsewhere while an attacker hammers the account", async () => {
    await createUser(systemActor, { email: "only-admin@example.com", name: "A", role: "admin", password: "the-right-one" });
    await Promise.all(Array.from({ length: 50 }, () => signIn("only-admin@example.com", "wrong-guess", "198.51.100.7")));
    expect((await signIn("only-admin@example.com", "the-right-one", "198.51.100.7")).status).toBe(429);
    expect((await signIn("only-admin@example.com", "the-right-one", "192.0.2.10")).status).toBe(200);
  });

  it("slows guessing from many addresses with an account-wide ceiling that spares a client known to sign in", async () => {
    await createUser(systemActor, { email: "botnet@example.com", name: "B", role: "lead", password: "the-right-one" });
    expect((await signIn("botnet@example.com", "the-right-one", "192.0.2.20")).status).toBe(200); // the user's usual place
    const spread = await Promise.all(
      Array.from({ length: THROTTLE.accountFree + 10 }, (_, i) => signIn("botnet@example.com", "wrong-guess", `172.16.${i >> 8}.${i & 255}`)),
    );
    // The user's own first sign-in there counted towards the account's attempts too.
    expect(spread.filter((r) => r.status === 401).length).toBe(THROTTLE.accountFree - 1);
    expect(spread.filter((r) => r.status === 429).length).toBe(11);
    // The backoff grows while the guessing goes on; here it has reached a minute.
    await pool().query("update sign_in_throttle set next_allowed = now() + interval '1 minute' where key = 'botnet@example.com|*'");
    expect((await signIn("botnet@example.com", "the-right-one", "192.0.2.99")).status).toBe(429); // a stranger's address waits
    expect((await signIn("botnet@example.com", "the-right-one", "192.0.2.20")).status).toBe(200); // the known one does not
  });

  it("backs off exponentially per client, and a success starts it over", async () => {
    await createUser(systemActor, { email: "backoff@example.com", name: "K", role: "reviewer", password: "the-right-one" });
    const key = "backoff@example.com|10.0.0.3";
    for (let i = 0; i < THROTTLE.free; i++) await signIn("backoff@example.com", "wrong-guess", "10.0.0.3");
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await signIn("backoff@example.com", "wrong-guess", "10.0.0.3");
      expect(r.status).toBe(429);
      waits.push(Number(r.retryAfter));
      await pool().query("update sign_in_throttle set next_allowed = now() where key = $1", [key]); // time passes
      expect((await signIn("backoff@example.com", "wrong-guess", "10.0.0.3")).status).toBe(401);
    }
    expect(waits).toEqual([1, 2, 4, 8]);
    await pool().query("update sign_in_throttle set next_allowed = now() where key = $1", [key]);
    expect((await signIn("backoff@example.com", "the-right-one", "10.0.0.3")).status).toBe(200);
    expect((await pool().query("select 1 from sign_in_throttle where key = $1", [key])).rowCount).toBe(0);
  });
});
