import { describe, expect, it } from "vitest";
import { clientAddress } from "./client-address";

const H = "x-edgewise-socket-address";
const req = (socket: string | null, xff?: string) => new Headers({ ...(socket ? { [H]: socket } : {}), ...(xff ? { "x-forwarded-for": xff } : {}) });

describe("client address", () => {
  it("is unknown without the web server's socket stamp (a client could send the header itself)", () => {
    expect(clientAddress(req("10.1.1.1"), [])).toBeNull();
  });

  it("uses the socket; X-Forwarded-For counts only when the socket is a trusted proxy", () => {
    (globalThis as Record<symbol, unknown>)[Symbol.for("edgewise.socketAddress")] = H;
    expect(clientAddress(req("10.1.1.1", "203.0.113.9"), [])).toBe("10.1.1.1");
    expect(clientAddress(req("::ffff:10.1.1.1"), [])).toBe("10.1.1.1");
    expect(clientAddress(req("10.1.1.1", "203.0.113.9"), ["127.0.0.1"])).toBe("10.1.1.1");
    expect(clientAddress(req("127.0.0.1", "203.0.113.9"), ["127.0.0.1"])).toBe("203.0.113.9");
    // The leftmost entries are the client's own words; read right to left past our proxies.
    expect(clientAddress(req("10.0.0.5", "1.2.3.4, 203.0.113.9, 10.0.0.4"), ["10.0.0.0/8"])).toBe("203.0.113.9");
    expect(clientAddress(req("10.0.0.5", "nonsense"), ["10.0.0.0/8"])).toBe("10.0.0.5");
    expect(clientAddress(req("10.0.0.5"), ["10.0.0.0/8"])).toBe("10.0.0.5");
    expect(clientAddress(req("::1", "2001:db8::1"), ["::1"])).toBe("2001:db8::1");
  });
});
