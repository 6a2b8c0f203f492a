// Content-Security-Policy for pages: scripts run only with this response's nonce, so an
// injected `<script>` (or an HTML injection we missed) does not run even though Next streams
// its hydration data as inline scripts. Next reads the nonce from the request's CSP header and
// puts it on its own scripts; that needs a fresh render per request (app/layout.tsx is dynamic).
// Styles keep 'unsafe-inline': KaTeX positions glyphs and Recharts sizes charts with style
// attributes, which nonces cannot cover. API and static responses get next.config.js's policy.

const BASE = [
  "default-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
];

/** 128 random bits, base64: unguessable per response. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/** The page policy for one nonce. Dev mode also needs eval for React Refresh. */
export function pagePolicy(nonce: string, dev = process.env.NODE_ENV !== "production"): string {
  const script = `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`;
  return [BASE[0], script, ...BASE.slice(1)].join("; ");
}

/**
 * For proxy.ts: puts a fresh policy on the forwarded request headers (where Next finds the
 * nonce) and returns it for the response header.
 */
export function applyPagePolicy(requestHeaders: Headers): string {
  const policy = pagePolicy(newNonce());
  requestHeaders.set("Content-Security-Policy", policy);
  return policy;
}
