// Where a signed-out visitor was going, so sign-in can take them back there. Pages cannot see
// their own URL, so proxy.ts copies it into a request header for requireUser.

export const PATH_HEADER = "x-edgewise-path";

// Any fixed origin works: the check is "does the browser resolve this to the same origin as
// the page it came from", and paths resolve the same against every origin.
const PROBE = "https://edgewise.invalid";

/**
 * A same-site path to return to, or null. Parsed the way the browser will parse it (WHATWG
 * URL: tab/CR/LF are removed, `\` counts as `/`, so "/\t/evil" and "/\\evil" are "//evil"),
 * then accepted only when it stays on this origin; what comes back is the *resolved* path,
 * so nothing the browser could read differently is ever handed on.
 */
export function safeReturnPath(p: string | null | undefined): string | null {
  if (!p || p.length > 2000 || !p.startsWith("/")) return null;
  let url: URL;
  try {
    url = new URL(p, PROBE);
  } catch {
    return null;
  }
  if (url.origin !== PROBE) return null;
  const path = url.pathname + url.search + url.hash;
  // Resolved again, the result must stay put (a last guard against parser round-trip tricks).
  if (!path.startsWith("/") || path.startsWith("//") || new URL(path, PROBE).origin !== PROBE) return null;
  if (path === "/" || url.pathname === "/login" || url.pathname.startsWith("/login/")) return null;
  return path;
}

/** The sign-in page, remembering the way back. */
export function loginUrl(returnTo: string | null | undefined): string {
  const p = safeReturnPath(returnTo);
  return p ? `/login?next=${encodeURIComponent(p)}` : "/login";
}
