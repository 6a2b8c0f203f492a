import { describe, expect, it } from "vitest";
import { hasherFor, inProcessHasher, THREADS_FROM } from "./hash-threads";
import { hashPages } from "./hashing";
import { basePrompt } from "./test-fixtures";

describe("hashing threads", () => {
  it("hash exactly as the in-process hasher, pages in order", async () => {
    const pages = [0, 1, 2].map((p) => Array.from({ length: 50 }, (_, i) => basePrompt(p * 50 + i)).concat(["", "?!"]));
    expect(hasherFor(10)).toBe(inProcessHasher);
    const threads = hasherFor(THREADS_FROM);
    try {
      const got = await Promise.all(pages.map((p) => threads.hash(p)));
      got.forEach((g, i) => {
        const want = hashPages(pages[i]);
        expect(Array.from(g.bands)).toEqual(Array.from(want.bands));
        expect(Array.from(g.counts)).toEqual(Array.from(want.counts));
      });
      expect(got[0].counts.at(-1)).toBe(0); // no words, no bands
    } finally {
      await threads.close();
    }
  });
});
