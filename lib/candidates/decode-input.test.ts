import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { checkImportableFile, decodeInput, inputKind, zstdAvailable } from "./decode-input";
import { readJsonlLines } from "./jsonl";

const JSONL = Buffer.from(Array.from({ length: 5000 }, (_, i) => JSON.stringify({ prompt: `p ${i}` })).join("\n") + "\n");

/** The input in pieces of `size` bytes (streams hand over arbitrary chunk sizes). */
async function* pieces(buf: Buffer, size = 4096): AsyncGenerator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

async function decodeAll(input: Buffer, size?: number) {
  const consumed = { bytes: 0 };
  const out: Buffer[] = [];
  for await (const b of decodeInput(pieces(input, size), consumed)) out.push(b);
  return { text: Buffer.concat(out), consumed: consumed.bytes };
}

describe("decodeInput", () => {
  it("passes JSONL through unchanged, even in pieces smaller than the sniffed head", async () => {
    for (const size of [1, 7, 4096]) {
      const small = JSONL.subarray(0, 3000);
      const { text, consumed } = await decodeAll(small, size);
      expect(text.equals(small)).toBe(true);
      expect(consumed).toBe(small.length);
    }
    expect((await decodeAll(Buffer.alloc(0))).text.length).toBe(0);
  });

  it("decompresses gzip (several members too), counting the compressed bytes it consumed", async () => {
    const gz = zlib.gzipSync(JSONL);
    const { text, consumed } = await decodeAll(gz);
    expect(text.equals(JSONL)).toBe(true);
    expect(consumed).toBe(gz.length);
    const twoMembers = Buffer.concat([zlib.gzipSync("a\n"), zlib.gzipSync("b\n")]);
    expect((await decodeAll(twoMembers)).text.toString()).toBe("a\nb\n");
  });

  it("reports progress in compressed bytes through the line reader", async () => {
    const gz = zlib.gzipSync(JSONL);
    const consumed = { bytes: 0 };
    let last = 0;
    let lines = 0;
    for await (const l of readJsonlLines(decodeInput(pieces(gz, 1024), consumed), () => consumed.bytes)) {
      expect(l.bytesRead).toBeGreaterThanOrEqual(last);
      expect(l.bytesRead).toBeLessThanOrEqual(gz.length);
      last = l.bytesRead;
      lines++;
    }
    expect(lines).toBe(5000);
    expect(last).toBe(gz.length);
  });

  it("says a damaged or cut gzip file is damaged, as a user-facing error", async () => {
    const gz = zlib.gzipSync(JSONL);
    const cut = gz.subarray(0, gz.length >> 1);
    await expect(decodeAll(cut)).rejects.toMatchObject({ code: "bad_request", message: expect.stringMatching(/^The gzip data is damaged after [\d,]+ bytes/) });
    const flipped = Buffer.from(gz);
    flipped.fill(0x55, 100, 200);
    await expect(decodeAll(flipped)).rejects.toMatchObject({ code: "bad_request" });
  });

  it("passes errors of the input itself through unchanged", async () => {
    async function* broken() {
      yield zlib.gzipSync("a\n").subarray(0, 10);
      throw new Error("disk went away");
    }
    await expect((async () => {
      for await (const _ of decodeInput(broken(), { bytes: 0 })) void _;
    })()).rejects.toThrow("disk went away");
  });

  it(`zstd: ${zstdAvailable() ? "decompressed (this Node.js has it)" : "refused with what to do (this Node.js lacks it)"}`, async () => {
    const zst = Buffer.from("28b52ffd0458210000610a620a2550b323", "hex"); // `zstd` of "a\nb\n"
    if (zstdAvailable()) {
      expect((await decodeAll(zst)).text.toString()).toBe("a\nb\n");
    } else {
      await expect(decodeAll(zst)).rejects.toMatchObject({
        code: "bad_request",
        message: expect.stringMatching(/^The file is zstd-compressed, which this server's Node.js \(v[\d.]+\) cannot read: decompress it first \(zstd -d\) or use gzip$/),
      });
    }
  });
});

describe("inputKind", () => {
  const tar = Buffer.alloc(512);
  tar.write("pool.jsonl");
  tar.write("ustar", 257, "latin1");
  const cases: [string, Buffer, RegExp][] = [
    ["zip", Buffer.from("504b0304140000000800", "hex"), /^The file is a zip archive, not JSONL: extract the .jsonl file/],
    ["parquet", Buffer.from("PAR1\x15\x04", "latin1"), /^The file is a Parquet file, not JSONL/],
    ["xz", Buffer.from("fd377a585a000004", "hex"), /xz-compressed.*xz -d/],
    ["bzip2", Buffer.from("BZh91AY&SY", "latin1"), /bzip2-compressed/],
    ["tar", tar, /a tar archive/],
    ["sqlite", Buffer.from("SQLite format 3\0", "latin1"), /an SQLite database/],
    ["utf-16", Buffer.from("\ufeff{}", "utf16le"), /UTF-16 text, not JSONL: save it as UTF-8/],
  ];
  for (const [name, head, message] of cases) {
    it(`refuses ${name} in one sentence`, () => {
      expect(() => inputKind(head)).toThrow(message);
    });
  }

  it("takes JSONL, a UTF-8 BOM, gzip, and a short or empty file", () => {
    expect(inputKind(Buffer.from('{"prompt":"x"}\n'))).toBe("jsonl");
    expect(inputKind(Buffer.from("\ufeff{}"))).toBe("jsonl");
    expect(inputKind(Buffer.from("P"))).toBe("jsonl");
    expect(inputKind(Buffer.alloc(0))).toBe("jsonl");
    expect(inputKind(zlib.gzipSync("x"))).toBe("gzip");
  });

  it("checks a file on disk by its first bytes", () => {
    const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sniff-")), "pool.jsonl");
    fs.writeFileSync(f, Buffer.from("504b0304", "hex"));
    expect(() => checkImportableFile(f)).toThrow(/zip archive/);
    fs.writeFileSync(f, zlib.gzipSync(JSONL));
    expect(checkImportableFile(f)).toBe("gzip");
  });
});
