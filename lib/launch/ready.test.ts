import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { probeHost, waitUntilServing } from "./ready";

describe("probeHost", () => {
  it("reaches a wildcard bind through loopback and brackets IPv6", () => {
    expect(probeHost("0.0.0.0")).toBe("127.0.0.1");
    expect(probeHost("::")).toBe("127.0.0.1");
    expect(probeHost("::1")).toBe("[::1]");
    expect(probeHost("10.1.2.3")).toBe("10.1.2.3");
  });
});

describe("waitUntilServing", () => {
  it("waits for a server that starts late, whatever status it answers", async () => {
    const server = http.createServer((_, res) => res.writeHead(503).end());
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((r) => server.close(() => r()));
    setTimeout(() => server.listen(port, "127.0.0.1"), 700);
    try {
      expect(await waitUntilServing(`http://127.0.0.1:${port}/api/health`, { timeoutMs: 10_000, giveUp: () => false })).toBe(true);
    } finally {
      server.close();
    }
  });

  it("gives up when told to", async () => {
    expect(await waitUntilServing("http://127.0.0.1:1/", { timeoutMs: 10_000, giveUp: () => true })).toBe(false);
  });
});
