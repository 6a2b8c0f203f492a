import { z } from "zod";
import type { Spec } from "./route";

// The OpenAPI 3.1 document of the HTTP API, generated from what route() was given: role,
// path params, query, JSON body (zod → JSON Schema 2020-12, the dialect OpenAPI 3.1 uses, via
// zod 4's own z.toJSONSchema) or a raw upload. Nothing here is written by hand per route, so
// the document cannot drift from what the routes accept (docs/decisions/0024).

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** A route module as app/api/route-index.ts lists it: its exported method handlers. */
export type RouteModule = Record<string, unknown>;

interface Handler {
  requiredRole?: string;
  spec?: Spec;
}

type JsonSchema = Record<string, unknown>;

/** "app/api/domains/[slug]/route.ts" → "/api/domains/[slug]" (the Next.js route path). */
export function apiPathOf(file: string): string {
  return "/" + file.replace(/\\/g, "/").replace(/^app\//, "").replace(/\/route\.ts$/, "");
}

/** "/api/exports/[id]/files/[...name]" → "/api/exports/{id}/files/{name}". */
export const openApiPath = (p: string) => p.replace(/\[(?:\.\.\.)?([^\]]+)\]/g, "{$1}");

/** What a request accepts, as JSON Schema: the input side (before coercion and transforms). */
export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { target: "draft-2020-12", io: "input", unrepresentable: "any" }) as JsonSchema;
  return rest;
}

function objectFields(schema: z.ZodType): { properties: Record<string, JsonSchema>; required: string[] } {
  const json = jsonSchemaOf(schema);
  return { properties: (json.properties as Record<string, JsonSchema>) ?? {}, required: (json.required as string[]) ?? [] };
}

const ROLE_TEXT: Record<string, string> = {
  public: "Public: no credentials.",
  reviewer: "Any signed-in user (reviewer, lead or admin).",
  lead: "Leads and admins.",
  admin: "Admins only.",
};

function operation(method: string, path: string, handler: Handler): JsonSchema {
  const spec = handler.spec ?? {};
  const role = handler.requiredRole ?? "reviewer";
  const parameters: JsonSchema[] = [];
  const catchAll = new Set([...path.matchAll(/\[\.\.\.([^\]]+)\]/g)].map((m) => m[1]));
  if (spec.params) {
    for (const [name, schema] of Object.entries(objectFields(spec.params).properties)) {
      // A catch-all segment ([...name]) is one path parameter that may contain "/".
      const s = catchAll.has(name) ? { type: "string", description: "the rest of the path; may contain /" } : schema;
      parameters.push({ name, in: "path", required: true, schema: s });
    }
  }
  if (spec.query) {
    const { properties, required } = objectFields(spec.query);
    for (const [name, schema] of Object.entries(properties)) {
      parameters.push({ name, in: "query", required: required.includes(name), schema, ...(schema.description ? { description: schema.description } : {}) });
    }
  }
  const op: JsonSchema = {
    operationId: `${method.toLowerCase()}${path.replace(/^\/api/, "").replace(/\[(?:\.\.\.)?([^\]]+)\]/g, "by-$1").replace(/[^a-zA-Z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
    tags: [path.split("/")[2] ?? "api"],
    summary: `${method} ${openApiPath(path)}`,
    description: ROLE_TEXT[role] ?? role,
    "x-edgewise-role": role,
    security: role === "public" ? [] : [{ bearerToken: [] }, { sessionCookie: [] }],
    parameters,
    responses: {
      "200": { description: "OK (JSON)", content: { "application/json": { schema: {} } } },
      ...(parameters.length || spec.body || spec.rawBody ? { "400": { $ref: "#/components/responses/Error" } } : {}),
      ...(role === "public" ? {} : { "401": { $ref: "#/components/responses/Error" }, "403": { $ref: "#/components/responses/Error" } }),
      "404": { $ref: "#/components/responses/Error" },
      "409": { $ref: "#/components/responses/Error" },
      "503": { $ref: "#/components/responses/Error" },
    },
  };
  if (spec.body) op.requestBody = { required: true, content: { "application/json": { schema: jsonSchemaOf(spec.body) } } };
  if (spec.rawBody) {
    op.requestBody = { required: true, description: spec.rawBody.description, content: { [spec.rawBody.contentType]: { schema: { type: "string", contentMediaType: spec.rawBody.contentType } } } };
  }
  return op;
}

/**
 * The document for these routes (path → its module). A handler not built with route() (no
 * spec) is left out; openapi.db.test.ts makes sure that is only the sign-in library's.
 */
export function openApiDocument(routes: Record<string, RouteModule>, version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const [path, mod] of Object.entries(routes).sort(([a], [b]) => a.localeCompare(b))) {
    for (const method of HTTP_METHODS) {
      const handler = mod[method] as Handler | undefined;
      if (!handler?.spec) continue;
      (paths[openApiPath(path)] ??= {})[method.toLowerCase()] = operation(method, path, handler);
    }
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Edgewise API",
      version,
      description:
        "Every action of the Edgewise web app. Authenticate with an API token (Authorization: Bearer ew_…, created under API tokens) " +
        "acting with its owner's role, or a session cookie (browser; mutations must come from this origin). Errors are " +
        '{"error": {"code", "message", "details"?}}. Generated from the route schemas (GET /api/openapi.json).',
    },
    paths,
    components: {
      securitySchemes: {
        bearerToken: { type: "http", scheme: "bearer", description: "An API token (ew_…)" },
        sessionCookie: { type: "apiKey", in: "cookie", name: "better-auth.session_token" },
      },
      responses: {
        Error: {
          description: "An error: bad input (400), no or bad credentials (401), role too low or other domain (403), not found (404), conflict with the current state (409), database unavailable (503)",
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["error"],
                properties: {
                  error: {
                    type: "object",
                    required: ["code", "message"],
                    properties: { code: { type: "string" }, message: { type: "string" }, details: {}, issues: { type: "array", items: { type: "object", properties: { path: { type: "string" }, message: { type: "string" } } } } },
                  },
                },
              },
            },
          },
        },
      },
    },
  };
}

/** Route files that are not route() handlers (documented elsewhere), by path under app/. */
export const EXTERNAL_ROUTES: Record<string, string> = {
  "app/api/auth/[...all]/route.ts": "the sign-in library's own endpoints (better-auth)",
};

/**
 * The source of app/api/route-index.ts for these route files: one import per file, a map from
 * route path to module. Written by `npm run openapi:index`; a test fails when it is stale.
 */
export function routeIndexSource(files: string[]): string {
  const listed = files.filter((f) => !(f in EXTERNAL_ROUTES)).sort();
  // The document's own route reads this index only when asked (on request), so the cycle it
  // makes is harmless; it is listed like any other route.
  const cycleNote = "// eslint-disable-next-line import-x/no-cycle -- the document's route reads this index on request only";
  const imports = listed.flatMap((f, i) => [
    ...(f === "app/api/openapi.json/route.ts" ? [cycleNote] : []),
    `import * as r${i} from "./${f.replace(/^app\/api\//, "").replace(/\.ts$/, "")}";`,
  ]);
  const entries = listed.map((f, i) => `  ${JSON.stringify(apiPathOf(f))}: r${i},`);
  return [
    "// Generated by `npm run openapi:index` (lib/http/openapi.ts routeIndexSource) from the route files",
    "// under app/api. Do not edit: openapi.db.test.ts fails when it is out of date.",
    ...imports,
    "",
    "export const apiRoutes = {",
    ...entries,
    "};",
    "",
  ].join("\n");
}
