import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { MAX_LINE_BYTES, readJsonlLines, type JsonlLine } from "./jsonl";

async function lines(...chunks: (string | Buffer)[]): Promise<JsonlLine[]> {
  const out: JsonlLine[] = [];
  const src = Readable.from(chunks.map((c) => (typeof c === "string" ? Buffer.from(c) : c)));
  for await (const l of readJsonlLines(src)) out.push(l);
  return out;
}

describe("readJsonlLines", () => {
  it("numbers lines from 1, skips blank ones, keeps a last line without newline", async () => {
    const r = await lines('{"a":1}\n\n  \n{"b":2}');
    expect(r.map((l) => l.line)).toEqual([1, 4]);
    expect(r.map((l) => ("text" in l ? l.text : l.error))).toEqual(['{"a":1}', '{"b":2}']);
  });

  it("reassembles lines split across chunks, including multi-byte characters", async () => {
    const bytes = Buffer.from('{"p":"héllo ∑"}\n{"p":"x"}\n');
    const r = await lines(bytes.subarray(0, 9), bytes.subarray(9, 20), bytes.subarray(20));
    expect(r.map((l) => ("text" in l ? l.text : l.error))).toEqual(['{"p":"héllo ∑"}', '{"p":"x"}']);
  });

  it("strips CRLF and a leading BOM", async () => {
    const r = await lines(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}\r\n{"b":2}\r\n')]));
    expect(r.map((l) => ("text" in l ? l.text : ""))).toEqual(['{"a":1}', '{"b":2}']);
  });

  it("reports invalid UTF-8 with its line number and keeps going", async () => {
    const r = await lines(Buffer.concat([Buffer.from('{"a":1}\n{"p":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n{"c":3}\n')]));
    expect(r[1]).toMatchObject({ line: 2, error: "invalid UTF-8" });
    expect(r[2]).toMatchObject({ line: 3, text: '{"c":3}' });
  });

  it("rejects an over-long line without buffering it, then resumes", async () => {
    const big = "x".repeat(MAX_LINE_BYTES + 10);
    const r = await lines('{"a":1}\n', big.slice(0, 600_000), big.slice(600_000), '\n{"b":2}\n');
    expect(r[1]).toMatchObject({ line: 2, error: expect.stringMatching(/longer than/) });
    expect(r[2]).toMatchObject({ line: 3, text: '{"b":2}' });
  });

  it("counts bytes read for progress", async () => {
    const r = await lines('{"a":1}\n{"b":2}\n');
    expect(r[r.length - 1].bytesRead).toBe(16);
  });
});
