import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { listAudit, systemActor } from "@/lib/audit";
import { principalFromHeaders } from "@/lib/auth/principal";
import { createApiToken, principalByEmail } from "@/lib/auth/tokens";
import { createUser } from "@/lib/auth/users";
import { db } from "@/lib/db/client";
import { signIn } from "@/lib/testing/auth-requests";
import { runEdgewise } from "@/lib/testing/cli";
import { useMigratedDatabase } from "@/lib/testing/db";
import { serveRoutes } from "@/lib/testing/route-server";
import * as tokensRoute from "@/app/api/tokens/route";
import * as tokenRoute from "@/app/api/tokens/[id]/route";
import * as usersRoute from "@/app/api/users/route";
import * as userRoute from "@/app/api/users/[id]/route";
import * as passwordRoute from "@/app/api/users/[id]/password/route";
import { UsageError } from "./args";
import { runTokens } from "./tokens";
import { runUsers } from "./users";

// `edgewise users` and `edgewise tokens` on the database (the server's operator) and through a
// running server with an API token. Most cases call the commands in this process (a spawned
// CLI costs seconds on a busy machine); the real binary checks exit codes and the recovery path.
let url = "";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-accounts-"));
const SLOW = 180_000;
const edgewise = (...args: string[]) => runEdgewise(dir, url, args);
const commands = { users: runUsers, tokens: runTokens };

/** One command in-process: its stdout, and the exit status lib/cli/main.ts gives its outcome. */
async function cli(name: keyof typeof commands, ...args: string[]) {
  const lines: string[] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((s: string) => void lines.push(s));
  try {
    return { code: await commands[name](args), out: lines.join("\n"), err: "" };
  } catch (e) {
    return { code: e instanceof UsageError ? 2 : 1, out: lines.join("\n"), err: (e as Error).message };
  } finally {
    spy.mockRestore();
  }
}

const json = (r: { code: number | null; out: string; err: string }) => {
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.out);
};

beforeAll(async () => {
  url = await useMigratedDatabase();
  await createUser(systemActor, { email: "first@example.com", name: "First", role: "admin", password: "forgotten-long-ago" });
});

describe("edgewise users, on the server", () => {
  it("creates an account with a generated password shown once, and lists it", async () => {
    const created = json(await cli("users", "create", "New@Example.com", "--name", "New Person", "--role", "lead", "--json"));
    expect(created).toMatchObject({ email: "new@example.com", role: "lead", active: true });
    expect((await signIn("new@example.com", created.password)).status).toBe(200);
    const { items } = json(await cli("users", "list", "--json"));
    expect(items.map((u: { email: string }) => u.email)).toEqual(expect.arrayContaining(["first@example.com", "new@example.com"]));
    expect((await cli("users", "list")).out).toMatch(/new@example\.com\s+lead\s+active\s+New Person/);
  });

  it("resets a lost admin password with the real binary: the recovery path, audited as the operator", { timeout: SLOW }, async () => {
    const r = edgewise("users", "reset-password", "first@example.com");
    expect(r.code).toBe(0);
    const password = /: (\S+)$/m.exec(r.out)![1];
    expect((await signIn("first@example.com", "forgotten-long-ago")).status).toBe(401);
    expect((await signIn("first@example.com", password)).status).toBe(200);
    const [event] = (await listAudit({ action: "user.password_reset" })).items;
    expect(event.actorEmail).toBe(`cli (${os.userInfo().username})`);
  });

  it("changes roles and deactivates, keeping the last admin", async () => {
    expect(json(await cli("users", "set-role", "new@example.com", "admin", "--json"))).toMatchObject({ role: "admin" });
    expect(json(await cli("users", "deactivate", "new@example.com", "--json"))).toMatchObject({ active: false });
    const last = await cli("users", "set-role", "first@example.com", "reviewer");
    expect(last.code).toBe(1);
    expect(last.err).toContain("at least one active admin");
    expect(json(await cli("users", "reactivate", "new@example.com", "--json"))).toMatchObject({ active: true });
  });

  it("refuses bad usage before touching anything", async () => {
    for (const args of [
      ["set-role", "first@example.com", "boss"],
      ["create", "not-an-email", "--name", "X"],
      ["frobnicate"],
      ["create", "a@b.co"],
      ["list", "extra"],
    ]) {
      expect((await cli("users", ...args)).code, args.join(" ")).toBe(2);
    }
  });

  it("exits 1 for an unknown user and 2 (with the command's help) for bad usage, as a binary", { timeout: SLOW }, () => {
    const unknown = edgewise("users", "reset-password", "nobody@example.com");
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain("User nobody@example.com not found");
    const usage = edgewise("users", "set-role", "first@example.com", "boss");
    expect(usage.code).toBe(2);
    expect(usage.err).toContain("Usage: edgewise users");
  });
});

describe("edgewise tokens, on the server", () => {
  it("creates a working token for a user, lists it with its owner, and revokes it", async () => {
    const created = json(await cli("tokens", "create", "notebook", "--user", "new@example.com", "--json"));
    expect(created.token).toMatch(/^ew_/);
    const bearer = new Headers({ authorization: `Bearer ${created.token}` });
    expect(await principalFromHeaders(bearer)).toMatchObject({ email: "new@example.com", via: "token" });
    const { items } = json(await cli("tokens", "list", "--json"));
    expect(items[0]).toMatchObject({ id: created.id, owner: "new@example.com", revokedAt: null });
    expect(items[0]).not.toHaveProperty("token");
    expect(json(await cli("tokens", "revoke", String(created.id), "--json"))).toEqual({ id: created.id, revoked: true });
    expect(await principalFromHeaders(bearer)).toBeNull();
  });

  it("needs --user without a token, and exits 1 for an unknown token", async () => {
    expect((await cli("tokens", "create", "x")).code).toBe(2);
    expect((await cli("tokens", "revoke", "abc")).code).toBe(2);
    const unknown = await cli("tokens", "revoke", "999999");
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain("Token not found");
  });
});

describe("through a running server with a token", () => {
  let server: Awaited<ReturnType<typeof serveRoutes>>;
  let adminToken = "";
  const remote = (name: keyof typeof commands, ...args: string[]) => cli(name, ...args, "--url", server.url, "--token", adminToken);

  beforeAll(async () => {
    server = await serveRoutes({
      "/api/users": { GET: usersRoute.GET, POST: usersRoute.POST },
      "/api/users/[id]": { PATCH: userRoute.PATCH },
      "/api/users/[id]/password": { POST: passwordRoute.POST },
      "/api/tokens": { GET: tokensRoute.GET, POST: tokensRoute.POST },
      "/api/tokens/[id]": { DELETE: tokenRoute.DELETE },
    });
    adminToken = (await createApiToken(await principalByEmail("first@example.com"), { name: "admin script" })).token;
  });
  afterAll(() => server.close());

  it("manages users and the token's own tokens through the API, not the database", async () => {
    const created = json(await remote("users", "create", "remote@example.com", "--name", "Remote", "--json"));
    expect(created).toMatchObject({ email: "remote@example.com", role: "reviewer" });
    expect(json(await remote("users", "set-role", "remote@example.com", "lead", "--json"))).toMatchObject({ role: "lead" });
    const reset = json(await remote("users", "reset-password", "remote@example.com", "--json"));
    expect((await signIn("remote@example.com", reset.password)).status).toBe(200);
    // Through the API the token's owner acts, not the operator's OS account.
    const [event] = (await listAudit({ action: "user.password_reset" })).items;
    expect(event.actorEmail).toBe("first@example.com");
    const token = json(await remote("tokens", "create", "from-script", "--json"));
    const owner = await db().apiToken.findUnique({ where: { id: token.id }, include: { user: true } });
    expect(owner?.user.email).toBe("first@example.com");
    expect((await remote("tokens", "create", "x", "--user", "remote@example.com")).code).toBe(2);
  });
});
