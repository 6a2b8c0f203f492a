import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { SeenFilter } from "./seen-filter";

const h = (s: string) => crypto.createHash("sha256").update(s).digest();

describe("SeenFilter", () => {
  it("always recognises a key it saw, and rarely claims an unseen one", () => {
    const f = new SeenFilter();
    const keys = Array.from({ length: 200_000 }, (_, i) => h(`prompt ${i}`));
    const falsePositives = keys.filter((k) => f.testAndAdd(k)).length;
    expect(falsePositives).toBeLessThan(20); // < 0.01 % at this size
    expect(keys.every((k) => f.testAndAdd(k))).toBe(true);
  });
});
