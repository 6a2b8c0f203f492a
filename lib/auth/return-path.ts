// Where a signed-out visitor was going, so sign-in can take them back there. Pages cannot see
// their own URL, so proxy.ts copies it into a request header for requireUser.

export const PATH_HEADER = "x-edgewise-path";

/** A same-site path to return to, or null: never another origin ("//evil", "/\\evil", "https:"). */
export function safeReturnPath(p: string | null | undefined): string | null {
  if (!p || p.length > 2000 || !p.startsWith("/") || p.startsWith("//") || p.startsWith("/\\")) return null;
  if (p === "/" || p.startsWith("/login")) return null;
  return p;
}

/** The sign-in page, remembering the way back. */
export function loginUrl(returnTo: string | null | undefined): string {
  const p = safeReturnPath(returnTo);
  return p ? `/login?next=${encodeURIComponent(p)}` : "/login";
}
