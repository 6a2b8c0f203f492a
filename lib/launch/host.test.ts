import { describe, expect, it } from "vitest";
import { isLoopbackHost } from "@/lib/env";

// Which EDGEWISE_HOST values keep the web server private (no exposure warning).
describe("isLoopbackHost", () => {
  it("knows the loopback names and addresses", () => {
    for (const h of ["127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "::1", "[::1]"]) expect(isLoopbackHost(h), h).toBe(true);
  });
  it("treats everything else as exposed", () => {
    for (const h of ["0.0.0.0", "::", "10.0.0.5", "192.168.1.2", "edgewise.example.org", "127.0.0.1.evil.com"]) expect(isLoopbackHost(h), h).toBe(false);
  });
});
