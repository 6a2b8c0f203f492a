import { NextRequest } from "next/server";
import { systemActor } from "@/lib/audit";
import type { Role } from "@/lib/auth/roles";
import { createApiToken } from "@/lib/auth/tokens";
import { createUser } from "@/lib/auth/users";

// DB tests of the HTTP edge: route handlers called in-process with a real NextRequest carrying
// a user's API token, so the route() wrapper does what it does in the app (token auth, role,
// zod, error → status). One helper instead of a copy per test file.

export type RouteHandler = (req: NextRequest, ctx: { params: Promise<unknown> }) => Promise<Response>;

export interface RouteCall {
  /** Default: POST with a body (or raw), else GET. */
  method?: string;
  /** Path and query after the host ("x" when only the query matters: "x?domain=math"). */
  path?: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is (NDJSON uploads). */
  raw?: string;
  /** The route's dynamic segments. */
  params?: object;
}

/** The handler's Response to a request with this bearer token. */
export function routeRequest(h: RouteHandler, token: string, opts: RouteCall = {}): Promise<Response> {
  const sends = opts.raw !== undefined || opts.body !== undefined;
  const req = new NextRequest(`http://localhost/${(opts.path ?? "x").replace(/^\//, "")}`, {
    method: opts.method ?? (sends ? "POST" : "GET"),
    headers: { authorization: `Bearer ${token}`, "content-type": opts.raw === undefined ? "application/json" : "application/x-ndjson" },
    body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
    ...(opts.raw !== undefined ? { duplex: "half" } : {}),
  });
  return h(req, { params: Promise.resolve(opts.params ?? {}) });
}

/** Status and parsed JSON body (null for 204). */
export async function callRoute(h: RouteHandler, token: string, opts: RouteCall = {}) {
  const res = await routeRequest(h, token, opts);
  // Tests read whatever the route answered.
  const json: any = res.status === 204 ? null : await res.json();
  return { status: res.status, json };
}

export interface TokenUser {
  id: string;
  email: string;
  token: string;
}

/**
 * A test file's users, by key, each with an API token: `add("lead", "lead")`, then
 * `call(handler, "lead", {...})`. Emails are `<key>@<emailDomain>`.
 */
export function tokenUsers(emailDomain: string) {
  const users: Record<string, TokenUser> = {};
  return {
    users,
    async add(key: string, role: Role): Promise<TokenUser> {
      const u = await createUser(systemActor, { email: `${key}@${emailDomain}`, name: key, role });
      const { token } = await createApiToken({ userId: u.id, email: u.email, name: key, role, via: "session" }, { name: "t" });
      return (users[key] = { id: u.id, email: u.email, token });
    },
    call: (h: RouteHandler, who: string, opts: RouteCall = {}) => callRoute(h, users[who].token, opts),
    request: (h: RouteHandler, who: string, opts: RouteCall = {}) => routeRequest(h, users[who].token, opts),
  };
}
