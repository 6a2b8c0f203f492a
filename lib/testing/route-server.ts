import http from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";

// A real HTTP server in front of app/api route handlers, for tests that must go through the
// network the way the CLI and scripts do (concurrency, tokens), without a Next build.

type Handler = (req: NextRequest, ctx: { params: Promise<unknown> }) => Promise<Response>;
export type RouteTable = Record<string, Partial<Record<string, Handler>>>;

export async function serveRoutes(routes: RouteTable): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", `http://${req.headers.host}`);
      const matched = match(routes, url.pathname);
      const handler = matched?.methods[req.method ?? "GET"];
      if (!matched || !handler) {
        res.writeHead(404).end();
        return;
      }
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      const response = await handler(new NextRequest(url, { method: req.method, headers, body }), { params: Promise.resolve(matched.params) });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * An exact path, or a Next-style pattern: "[id]" takes one segment, "[...name]" the rest
 * (decoded, as Next hands them to the handler).
 */
function match(routes: RouteTable, pathname: string): { methods: Partial<Record<string, Handler>>; params: Record<string, string | string[]> } | null {
  if (routes[pathname]) return { methods: routes[pathname], params: {} };
  const parts = pathname.split("/");
  for (const [pattern, methods] of Object.entries(routes)) {
    const want = pattern.split("/");
    const params: Record<string, string | string[]> = {};
    let ok = true;
    for (let i = 0; i < want.length && ok; i++) {
      const rest = /^\[\.\.\.(\w+)\]$/.exec(want[i]);
      const one = /^\[(\w+)\]$/.exec(want[i]);
      if (rest) {
        params[rest[1]] = parts.slice(i).map(decodeURIComponent);
        ok = parts.length > i;
        break;
      } else if (one) {
        ok = parts[i] !== undefined && parts[i] !== "";
        params[one[1]] = decodeURIComponent(parts[i] ?? "");
      } else ok = parts[i] === want[i];
      if (i === want.length - 1 && !rest && parts.length !== want.length) ok = false;
    }
    if (ok) return { methods, params };
  }
  return null;
}
