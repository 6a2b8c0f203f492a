import fs from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/audit";
import { createApiToken } from "@/lib/auth/tokens";
import { createUser } from "@/lib/auth/users";
import { useMigratedDatabase } from "@/lib/testing/db";
import { apiPathOf, EXTERNAL_ROUTES, HTTP_METHODS, openApiDocument, openApiPath, routeIndexSource, type RouteModule } from "./openapi";
import { apiRouteFiles, ROUTE_INDEX } from "./route-files";

// GET /api/openapi.json is generated from the routes' zod schemas. This walks app/api on disk:
// a route missing from the document, or taking input it does not declare, fails here.

const files = apiRouteFiles();
const modules: Record<string, RouteModule> = {};
let doc: { openapi: string; paths: Record<string, Record<string, Record<string, unknown>>> };

beforeAll(async () => {
  for (const f of files) if (!(f in EXTERNAL_ROUTES)) modules[apiPathOf(f)] = (await import(/* @vite-ignore */ path.resolve(f))) as RouteModule;
  doc = openApiDocument(modules, "test") as typeof doc;
});

type Param = { name: string; in: string; required: boolean; schema: Record<string, unknown> };

describe("the OpenAPI document", () => {
  it("app/api/route-index.ts lists every route file (run `npm run openapi:index` after adding one)", () => {
    expect(fs.readFileSync(ROUTE_INDEX, "utf8")).toBe(routeIndexSource(files));
  });

  it("has every method of every route file, with the role route() enforces", () => {
    expect(doc.openapi).toBe("3.1.0");
    let operations = 0;
    for (const [apiPath, mod] of Object.entries(modules)) {
      for (const method of HTTP_METHODS) {
        const handler = mod[method] as { requiredRole?: string; spec?: unknown } | undefined;
        if (!handler) continue;
        const op = doc.paths[openApiPath(apiPath)]?.[method.toLowerCase()];
        expect(handler.spec, `${method} ${apiPath} must be built with route() (lib/http/route.ts)`).toBeDefined();
        expect(op, `${method} ${apiPath} is missing from the document`).toBeDefined();
        expect(op["x-edgewise-role"]).toBe(handler.requiredRole);
        operations++;
      }
    }
    expect(operations).toBeGreaterThan(60);
  });

  it("declares every path parameter, and a schema for every input a handler reads", () => {
    for (const f of files) {
      if (f in EXTERNAL_ROUTES) continue;
      const apiPath = apiPathOf(f);
      const source = fs.readFileSync(f, "utf8");
      const segments = [...apiPath.matchAll(/\[(?:\.\.\.)?([^\]]+)\]/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(doc.paths[openApiPath(apiPath)] ?? {})) {
        const params = (op.parameters as Param[]).filter((p) => p.in === "path").map((p) => p.name);
        expect(params.sort(), `${method.toUpperCase()} ${apiPath}: a params schema naming ${segments.join(", ")}`).toEqual([...segments].sort());
      }
      // Reading the request directly is allowed only with a declared schema for it.
      const ops = Object.values(doc.paths[openApiPath(apiPath)] ?? {});
      if (/req\.(json|text|formData|arrayBuffer)\(|req\.body\b/.test(source)) {
        expect(ops.some((op) => op.requestBody), `${apiPath} reads the request body: declare body (zod) or rawBody in route()`).toBe(true);
      }
      if (/searchParams/.test(source)) {
        expect(ops.some((op) => (op.parameters as Param[]).some((p) => p.in === "query")), `${apiPath} reads query parameters: declare query in route()`).toBe(true);
      }
    }
  });

  it("describes inputs from the zod schemas: body fields, defaults, query parameters, uploads", () => {
    const createDomain = doc.paths["/api/domains"].post.requestBody as { content: Record<string, { schema: { properties: Record<string, unknown>; required: string[] } }> };
    const schema = createDomain.content["application/json"].schema;
    expect(schema.required).toEqual(expect.arrayContaining(["slug", "name"]));
    expect(schema.properties.bandLow).toMatchObject({ type: "number", minimum: 0, maximum: 1, default: 0.1 });
    const runs = doc.paths["/api/runs"].get.parameters as Param[];
    expect(runs.find((p) => p.name === "limit")).toMatchObject({ in: "query", required: false });
    const upload = doc.paths["/api/imports"].post.requestBody as { content: Record<string, unknown> };
    expect(Object.keys(upload.content)).toEqual(["application/x-ndjson"]);
    expect(doc.paths["/api/health"].get.security).toEqual([]);
    expect(doc.paths["/api/exports/{id}/files/{name}"].get.parameters).toContainEqual(expect.objectContaining({ name: "name", in: "path" }));
  });
});

describe("GET /api/openapi.json", () => {
  it("answers the generated document to a token", async () => {
    await useMigratedDatabase();
    const u = await createUser(systemActor, { email: "docs@openapi.test", name: "Docs", role: "reviewer" });
    const { token } = await createApiToken({ userId: u.id, email: u.email, name: "Docs", role: "reviewer", via: "session" }, { name: "t" });
    const { GET } = await import("@/app/api/openapi.json/route");
    const res = await GET(new NextRequest("http://localhost/api/openapi.json", { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve(undefined) });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.openapi).toBe("3.1.0");
    expect(Object.keys(body.paths)).toContain("/api/openapi.json");
    expect(Object.keys(body.paths).length).toBe(files.length - Object.keys(EXTERNAL_ROUTES).length);
  });
});
