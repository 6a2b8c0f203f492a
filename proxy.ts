import { NextResponse, type NextRequest } from "next/server";
import { PATH_HEADER } from "@/lib/auth/return-path";
import { applyPagePolicy } from "@/lib/http/csp";

// Only passes the page's own URL on to the render (see lib/auth/return-path.ts). Access checks
// stay in the pages and routes themselves; this never decides who gets in. A client-sent value
// of the header is overwritten.
export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set(PATH_HEADER, request.nextUrl.pathname + request.nextUrl.search);
  // Per-request script nonce (lib/http/csp.ts), on the request for Next and on the response.
  const csp = applyPagePolicy(headers);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

// Every page, /login included (it needs its nonce too); not API routes or static files.
export const config = { matcher: ["/((?!api/|_next/|favicon\\.ico|favicon\\.svg|logo\\.svg|robots\\.txt).*)"] };
