import fs from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/audit";
import { createApiToken } from "@/lib/auth/tokens";
import { createUser } from "@/lib/auth/users";
import type { Role } from "@/lib/auth/roles";
import { useMigratedDatabase } from "@/lib/testing/db";

// Walks app/api on disk, so a new route cannot be forgotten: every handler must be built with
// the route() wrapper (or be on the short public list), answer 401 without credentials and
// 403 to a role below the one it declares.

const PUBLIC = new Set(["app/api/health/route.ts", "app/api/auth/[...all]/route.ts"]);
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const ROLES: Role[] = ["reviewer", "lead", "admin"];

// Roles some routes must declare, not just any role: reads of scoring evidence are open to
// reviewers, but starting, steering and feeding runs and transforms is for leads.
const EXPECTED_ROLES: Record<string, Role> = {
  "GET app/api/runs/route.ts": "reviewer",
  "POST app/api/runs/route.ts": "lead",
  "GET app/api/runs/[id]/route.ts": "reviewer",
  "POST app/api/runs/[id]/actions/route.ts": "lead",
  "POST app/api/runs/[id]/batch/requests/route.ts": "lead",
  "POST app/api/runs/[id]/batch/route.ts": "lead",
  "GET app/api/candidates/[id]/evidence/route.ts": "reviewer",
  "POST app/api/transforms/route.ts": "lead",
  "POST app/api/imports/[id]/actions/route.ts": "lead", // cancel / retry an import
  // Leads pick endpoints for runs; only admins change or test them.
  "GET app/api/endpoints/route.ts": "lead",
  "POST app/api/endpoints/route.ts": "admin",
  "GET app/api/endpoints/[id]/route.ts": "lead",
  "PATCH app/api/endpoints/[id]/route.ts": "admin",
  "DELETE app/api/endpoints/[id]/route.ts": "admin",
  "POST app/api/endpoints/[id]/test/route.ts": "admin",
  // Snapshots: reviewers read their domains' (lib/export checks which); leads write.
  "GET app/api/snapshots/route.ts": "reviewer",
  "POST app/api/snapshots/route.ts": "lead",
  "GET app/api/snapshots/[id]/route.ts": "reviewer",
  "POST app/api/snapshots/[id]/drift/route.ts": "lead",
  "GET app/api/mixtures/route.ts": "lead",
  "POST app/api/mixtures/route.ts": "lead",
  "POST app/api/mixtures/preview/route.ts": "lead",
  // Exports span a snapshot's or a mixture's whole set: leads only, downloads included.
  "GET app/api/exports/route.ts": "lead",
  "POST app/api/exports/route.ts": "lead",
  "GET app/api/exports/[id]/route.ts": "lead",
  "GET app/api/exports/[id]/files/[...name]/route.ts": "lead",
  // An admin's reset of somebody's password (the new one is in the response).
  "POST app/api/users/[id]/password/route.ts": "admin",
  // Benchmarks and decontamination (issue 13): leads manage them; a candidate's hits follow its domain.
  "GET app/api/benchmarks/route.ts": "lead",
  "POST app/api/benchmarks/route.ts": "lead",
  "DELETE app/api/benchmarks/[id]/route.ts": "lead",
  "POST app/api/domains/[slug]/decontam/route.ts": "lead",
  "PUT app/api/domains/[slug]/benchmarks/[id]/route.ts": "lead",
  "GET app/api/candidates/[id]/contamination/route.ts": "reviewer",
  // Near-duplicates: reviewers read their domains' passes; leads start passes and unflag pairs.
  "GET app/api/dedup/neardup/route.ts": "reviewer",
  "POST app/api/dedup/neardup/route.ts": "lead",
  "POST app/api/dedup/pairs/unflag/route.ts": "lead",
};

type Handler = ((req: NextRequest, ctx: { params: Promise<unknown> }) => Promise<Response>) & {
  requiredRole?: Role | "public";
};

function routeFiles(dir = "app/api"): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? routeFiles(p) : e.name === "route.ts" ? [p] : [];
  });
}

/** Fill [slug] / [id] / [...rest] segments with plausible values. */
function urlFor(file: string): { url: string; params: Record<string, string | string[]> } {
  const params: Record<string, string | string[]> = {};
  const segs = path.dirname(file).split(path.sep).slice(1).map((s) => {
    const m = /^\[(\.\.\.)?(.+)\]$/.exec(s);
    if (!m) return s;
    params[m[2]] = m[1] ? ["x"] : "1";
    return m[1] ? "x" : "1";
  });
  return { url: `http://localhost:3000/${segs.join("/")}`, params };
}

const tokens: Partial<Record<Role, string>> = {};

beforeAll(async () => {
  await useMigratedDatabase();
  for (const role of ROLES) {
    const u = await createUser(systemActor, { email: `${role}@routes.test`, name: role, role });
    tokens[role] = (await createApiToken({ userId: u.id, email: u.email, name: role, role, via: "session" }, { name: "t" })).token;
  }
});

const files = routeFiles();

describe("every API route", () => {
  it("is found on disk", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it("declares the expected role where one is pinned", async () => {
    for (const [key, role] of Object.entries(EXPECTED_ROLES)) {
      const [method, file] = key.split(" ");
      const mod = (await import(/* @vite-ignore */ path.resolve(file))) as Record<string, Handler | undefined>;
      expect(mod[method]?.requiredRole, key).toBe(role);
    }
  });

  for (const file of files) {
    it(`${file} requires credentials and the right role`, async () => {
      const mod = (await import(/* @vite-ignore */ path.resolve(file))) as Record<string, Handler | undefined>;
      const { url, params } = urlFor(file);
      for (const method of METHODS) {
        const handler = mod[method];
        if (!handler) continue;
        const call = (headers: Record<string, string> = {}) =>
          handler(new NextRequest(url, { method, headers }), { params: Promise.resolve(params) });
        if (PUBLIC.has(file)) continue;
        expect(handler.requiredRole, `${method} ${file} must use the route() wrapper`).toBeDefined();
        expect(handler.requiredRole, `${method} ${file} is public but not on the public list`).not.toBe("public");
        expect((await call()).status, `${method} ${file} without credentials`).toBe(401);
        const bogus = await call({ authorization: "Bearer ew_not_a_token" });
        expect(bogus.status, `${method} ${file} with an invalid token`).toBe(401);
        expect((await bogus.json()).error.message, "says the token is the problem").toMatch(/API token is not valid/);
        for (const role of ROLES) {
          if (ROLES.indexOf(role) >= ROLES.indexOf(handler.requiredRole as Role)) continue;
          const res = await call({ authorization: `Bearer ${tokens[role]}` });
          expect(res.status, `${method} ${file} as ${role}`).toBe(403);
        }
      }
    });
  }
});

// Hostile inputs (issue 8): ids beyond int4, a NUL in a path or query parameter, malformed
// JSON in a query or body, records that do not exist. Every route, every method, as an admin
// (who passes every role check): a clear 4xx, never a 500.
const HOSTILE_SEGMENTS = ["99999999999999", "1\0", "%00", "2147483646", "no-such-thing", "-1", "1.5"];
const HOSTILE_QUERIES = [
  "cursor=99999999999", "after=99999999999", "batch=99999999999", "afterLine=99999999999999", "q=%00", "domain=a%00b",
  "mapping=notjson", "mapping=%7B%22prompt%22%3A1%7D", "fileName=x&mapping=notjson", "download=1", "x%00=1", "limit=99999999999",
];
const HOSTILE_BODIES = [undefined, "{not json", "[]", "null", '{"name":"a\\u0000b","slug":"a\\u0000b","email":"a\\u0000@b.c","role":"admin","active":false}'];

function hostileCalls(file: string): { url: string; params: Record<string, string | string[]> }[] {
  const dyn = path.dirname(file).split(path.sep).slice(1).filter((s) => s.startsWith("["));
  const base = urlFor(file);
  const out = HOSTILE_QUERIES.map((q) => ({ url: `${base.url}?${q}`, params: base.params }));
  for (const seg of dyn.length ? HOSTILE_SEGMENTS : []) {
    const params = Object.fromEntries(Object.keys(base.params).map((k) => [k, Array.isArray(base.params[k]) ? [seg] : seg]));
    out.push({ url: base.url, params });
  }
  return out;
}

describe("every API route under hostile input", () => {
  for (const file of files.filter((f) => f !== "app/api/auth/[...all]/route.ts")) {
    it(`${file} answers 4xx, never 500`, async () => {
      const mod = (await import(/* @vite-ignore */ path.resolve(file))) as Record<string, Handler | undefined>;
      for (const method of METHODS) {
        const handler = mod[method];
        if (!handler) continue;
        for (const { url, params } of hostileCalls(file)) {
          for (const body of method === "GET" || method === "DELETE" ? [undefined] : HOSTILE_BODIES) {
            const res = await handler(
              new NextRequest(url, { method, body, headers: { authorization: `Bearer ${tokens.admin}`, "content-type": "application/json" } }),
              { params: Promise.resolve(params) },
            );
            const what = `${method} ${url} ${JSON.stringify(params)} body=${body}`;
            expect(res.status, `${what}: ${await res.clone().text()}`).toBeLessThan(500);
            if (res.status >= 400) expect((await res.json()).error.message, what).not.toMatch(/Internal error|stack|at .*\.ts/);
            else await res.body?.cancel();
          }
        }
      }
    }, 120_000);
  }
});
