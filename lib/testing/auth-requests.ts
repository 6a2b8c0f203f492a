import { auth } from "@/lib/auth/server";

// better-auth's real HTTP handler, called the way the web server calls it: the socket
// preload's header names the TCP peer (lib/launch/socket-address.mjs), X-Forwarded-For is
// whatever a client wrote.
export const ORIGIN = "http://localhost:3000";
(globalThis as Record<symbol, unknown>)[Symbol.for("edgewise.socketAddress")] = "x-edgewise-socket-address";

export async function authPost(path: string, body: unknown, from: { cookie?: string; socket?: string; xff?: string } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json", origin: ORIGIN };
  headers["x-edgewise-socket-address"] = from.socket ?? "127.0.0.1";
  if (from.xff) headers["x-forwarded-for"] = from.xff;
  if (from.cookie) headers.cookie = from.cookie;
  const res = await auth().handler(new Request(`${ORIGIN}/api/auth${path}`, { method: "POST", headers, body: JSON.stringify(body) }));
  const cookie = (res.headers.getSetCookie?.() ?? []).map((c) => c.split(";")[0]).join("; ");
  return { status: res.status, cookie, body: (await res.json().catch(() => null)) as Record<string, unknown> | null };
}

export const signIn = (email: string, password: string, from: { socket?: string; xff?: string } = {}) => authPost("/sign-in/email", { email, password }, from);
