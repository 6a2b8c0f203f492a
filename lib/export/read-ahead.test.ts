import { describe, expect, it } from "vitest";
import { readAhead } from "./read-ahead";

const tick = () => new Promise((r) => setTimeout(r, 5));

async function* pages(n: number, page: number, log: string[]) {
  for (let i = 0; i < n; i += page) {
    log.push(`fetch ${i}`);
    await tick();
    for (let j = i; j < Math.min(n, i + page); j++) yield j;
  }
}

describe("readAhead", () => {
  it("yields every item in order", async () => {
    const out: number[] = [];
    for await (const x of readAhead(pages(103, 10, []), 25)) out.push(x);
    expect(out).toEqual(Array.from({ length: 103 }, (_, i) => i));
  });

  it("fetches the next page while the consumer is still busy with this one", async () => {
    const log: string[] = [];
    for await (const x of readAhead(pages(40, 10, log), 20)) {
      if (x === 0) {
        await tick();
        await tick();
        log.push("consumer busy with 0");
      }
    }
    expect(log.indexOf("fetch 10")).toBeLessThan(log.indexOf("consumer busy with 0"));
  });

  it("holds at most 2 × max items ahead (the batch in hand and a full queue)", async () => {
    let produced = 0;
    async function* source() {
      for (let i = 0; i < 1000; i++) {
        produced++;
        yield i;
        if (i % 50 === 0) await tick();
      }
    }
    let consumed = 0;
    for await (const _ of readAhead(source(), 30)) {
      consumed++;
      expect(produced - consumed).toBeLessThanOrEqual(61); // the batch being consumed + a full queue
      if (consumed % 10 === 0) await tick();
    }
    expect(consumed).toBe(1000);
  });

  it("passes a source failure on, and closes the source when the consumer stops early", async () => {
    async function* failing() {
      yield 1;
      await tick();
      throw new Error("page query failed");
    }
    await expect(async () => {
      for await (const _ of readAhead(failing(), 10));
    }).rejects.toThrow("page query failed");

    let closed = false;
    async function* endless() {
      try {
        for (let i = 0; ; i++) {
          yield i;
          if (i % 5 === 0) await tick();
        }
      } finally {
        closed = true;
      }
    }
    for await (const x of readAhead(endless(), 10)) if (x === 12) break;
    expect(closed).toBe(true);
  });
});
