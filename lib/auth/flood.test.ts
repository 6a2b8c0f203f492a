import { describe, expect, it } from "vitest";
import { FloodGuard } from "./flood";

describe("sign-in flood guard", () => {
  it("allows a burst, then refuses with the wait, then refills at the sustained rate", () => {
    const g = new FloodGuard(3, 6); // 3 at once, one per 10 s after
    const t = 1_000_000;
    expect([g.take("a", t), g.take("a", t), g.take("a", t)]).toEqual([0, 0, 0]);
    expect(g.take("a", t)).toBe(10);
    expect(g.take("b", t)).toBe(0); // another address is untouched
    expect(g.take("a", t + 10_000)).toBe(0);
    expect(g.take("a", t + 10_000)).toBeGreaterThan(0);
  });

  it("never locks out steady traffic below the sustained rate (better-auth's limiter did)", () => {
    const g = new FloodGuard(30, 30);
    // 500 sign-ins from one office address, one every 3 s (20 a minute), all day.
    for (let i = 0; i < 500; i++) expect(g.take("office", i * 3000)).toBe(0);
  });

  it("forgets the least recently seen addresses beyond its size", () => {
    const g = new FloodGuard(1, 1, 2);
    g.take("a", 0);
    g.take("b", 0);
    g.take("c", 0); // evicts a
    expect(g.take("a", 0)).toBe(0);
    expect(g.take("c", 0)).toBeGreaterThan(0);
  });
});
