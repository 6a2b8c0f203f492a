import { describe, expect, it } from "vitest";
import { applyPagePolicy, newNonce, pagePolicy } from "./csp";

const directive = (policy: string, name: string) => policy.split("; ").find((d) => d.startsWith(name + " "));

describe("page CSP", () => {
  it("allows scripts only with the nonce (no 'unsafe-inline'), styles inline for KaTeX", () => {
    const p = pagePolicy("abc123", false);
    expect(directive(p, "script-src")).toBe("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(directive(p, "style-src")).toBe("style-src 'self' 'unsafe-inline'");
    expect(directive(p, "frame-ancestors")).toBe("frame-ancestors 'none'");
    expect(directive(pagePolicy("n", true), "script-src")).toContain("'unsafe-eval'"); // React Refresh in dev
  });

  it("makes a fresh 128-bit nonce per request and puts the policy on the forwarded request", () => {
    const seen = new Set(Array.from({ length: 100 }, newNonce));
    expect(seen.size).toBe(100);
    for (const n of seen) expect(Buffer.from(n, "base64")).toHaveLength(16);
    const headers = new Headers();
    const policy = applyPagePolicy(headers);
    expect(headers.get("content-security-policy")).toBe(policy);
  });
});
