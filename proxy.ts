import { NextResponse, type NextRequest } from "next/server";
import { PATH_HEADER } from "@/lib/auth/return-path";

// Only passes the page's own URL on to the render (see lib/auth/return-path.ts). Access checks
// stay in the pages and routes themselves; this never decides who gets in. A client-sent value
// of the header is overwritten.
export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set(PATH_HEADER, request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: ["/((?!api/|_next/|login|icon.svg).*)"] };
