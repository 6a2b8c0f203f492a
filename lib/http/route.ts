import { NextResponse, type NextRequest } from "next/server";
import { z, ZodError } from "zod";
import { atLeast, type Role } from "@/lib/auth/roles";
import { bearerToken, principalFromHeaders, type Principal } from "@/lib/auth/principal";
import { appErrorFromDatabase } from "@/lib/db/errors";
import { dbId } from "@/lib/db/ids";
import { isConnectionError, outageReason } from "@/lib/db/outage";
import { AppError, badRequest } from "@/lib/errors";
import { log } from "@/lib/log";

// The one route wrapper: authenticate (session cookie or API token), check the role, check
// the origin of cookie-authenticated mutations, parse the input with zod, run one lib call,
// map errors to responses. Handlers never do their own auth.

type Ctx<TParams> = { params: Promise<TParams> };

/** The id in a route's path (`[id]`): a positive integer that fits the int4 column. */
export const idParam = dbId;

export interface Spec<TQuery extends z.ZodType = z.ZodType, TBody extends z.ZodType = z.ZodType, TParams extends z.ZodType = z.ZodType> {
  /** The least role allowed (default "reviewer": any signed-in user), or "public". */
  role?: Role | "public";
  query?: TQuery;
  body?: TBody;
  params?: TParams;
  /**
   * A handler that streams the raw request body itself (an uploaded file) declares it here
   * instead of `body`, so the OpenAPI document (lib/http/openapi.ts) describes it too.
   */
  rawBody?: { contentType: string; description: string };
}

export interface Input<Q, B, P> {
  req: NextRequest;
  /** Who is calling; null only on public routes. */
  principal: Principal;
  query: Q;
  body: B;
  params: P;
}

export function route<
  TQuery extends z.ZodType = z.ZodUndefined,
  TBody extends z.ZodType = z.ZodUndefined,
  TParams extends z.ZodType = z.ZodUndefined,
>(
  spec: Spec<TQuery, TBody, TParams>,
  handler: (input: Input<z.infer<TQuery>, z.infer<TBody>, z.infer<TParams>>) => Promise<unknown>,
) {
  const required = spec.role ?? "reviewer";
  const handle = async (req: NextRequest, ctx: Ctx<unknown>) => {
    try {
      const principal = required === "public" ? null : await authorize(req, required);
      const rawParams = await ctx.params;
      refuseNul([...req.nextUrl.searchParams.keys(), ...req.nextUrl.searchParams.values(), ...paramValues(rawParams)]);
      const query = spec.query ? parseQuery(spec.query, Object.fromEntries(req.nextUrl.searchParams)) : undefined;
      const body = spec.body ? spec.body.parse(await readJson(req)) : undefined;
      const params = spec.params ? spec.params.parse(rawParams) : undefined;
      const result = await handler({ req, principal, query, body, params } as Input<
        z.infer<TQuery>,
        z.infer<TBody>,
        z.infer<TParams>
      >);
      if (result instanceof Response) return result;
      return NextResponse.json(result ?? { ok: true });
    } catch (err) {
      return errorResponse(err, req);
    }
  };
  // Read by the test that walks app/api and checks every route's 401/403 behaviour, and by
  // the OpenAPI document (GET /api/openapi.json), which is generated from these schemas.
  return Object.assign(handle, { requiredRole: required, spec: spec as Spec });
}

/** A schema's transform that throws (JSON.parse of `mapping=notjson`) is a 400 too, not a 500. */
function parseQuery<T extends z.ZodType>(schema: T, raw: Record<string, string>): z.infer<T> {
  try {
    return schema.parse(raw);
  } catch (err) {
    if (err instanceof ZodError || err instanceof AppError) throw err;
    throw badRequest(`A query parameter is malformed: ${err instanceof SyntaxError ? "invalid JSON" : "unreadable value"}`);
  }
}

function paramValues(params: unknown): string[] {
  if (!params || typeof params !== "object") return [];
  return Object.values(params).flatMap((v) => (Array.isArray(v) ? v : [v])).filter((v): v is string => typeof v === "string");
}

/**
 * No path or query parameter may carry a NUL: PostgreSQL text cannot hold one (22021), and no
 * slug, id, cursor or search word needs one. Refused for every route before any parsing.
 */
function refuseNul(values: string[]): void {
  if (values.some((v) => v.includes("\0"))) throw badRequest("Path and query parameters may not contain a NUL (%00) character");
}

async function authorize(req: NextRequest, required: Role): Promise<Principal> {
  const principal = await principalFromHeaders(req.headers);
  if (!principal) {
    throw new AppError(
      "unauthorized",
      bearerToken(req.headers) !== null ? "This API token is not valid: revoked, expired, mistyped, or its user deactivated" : "Sign in or send an API token (Authorization: Bearer …)",
    );
  }
  if (!atLeast(principal.role, required)) {
    throw new AppError("forbidden", `This needs the ${required} role; you are ${principal.role}`);
  }
  if (principal.via === "session" && !SAFE_METHODS.has(req.method)) assertSameOrigin(req);
  return principal;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF defence for cookie-authenticated mutations, on top of SameSite=Lax cookies: the
 * browser's Origin header must name this server. Token calls carry no cookies and skip it.
 */
function assertSameOrigin(req: NextRequest): void {
  const origin = req.headers.get("origin");
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  let ok = false;
  try {
    ok = !!origin && !!host && new URL(origin).host === host;
  } catch {
    ok = false;
  }
  if (!ok) throw new AppError("forbidden", "Cross-site request refused (Origin does not match)");
}

async function readJson(req: NextRequest): Promise<unknown> {
  try {
    return await req.json();
  } catch {
    throw new AppError("bad_request", "Request body must be valid JSON");
  }
}

export function errorResponse(err: unknown, req?: NextRequest): NextResponse {
  if (err instanceof ZodError) {
    const issues = err.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    return NextResponse.json(
      { error: { code: "bad_request", message: issues.map((i) => `${i.path || "input"}: ${i.message}`).join("; "), issues } },
      { status: 400 },
    );
  }
  if (err instanceof AppError) {
    return NextResponse.json(
      { error: { code: err.code, message: err.message, details: err.details } },
      { status: err.status },
    );
  }
  if (isConnectionError(err)) {
    // A database restart is an outage, not a bug: say so, and let the client retry.
    log.warn({ path: req?.nextUrl.pathname, reason: outageReason(err) }, "database unavailable");
    const message = "The database is unavailable right now; try again in a moment";
    return NextResponse.json({ error: { code: "unavailable", message } }, { status: 503, headers: { "retry-after": "5" } });
  }
  const mapped = appErrorFromDatabase(err);
  if (mapped) return errorResponse(mapped, req);
  log.error({ err, path: req?.nextUrl.pathname }, "unhandled error in route");
  return NextResponse.json({ error: { code: "internal", message: "Internal error" } }, { status: 500 });
}
