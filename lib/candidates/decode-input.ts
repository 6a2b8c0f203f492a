import fs from "node:fs";
import { pipeline, Readable, type Transform } from "node:stream";
import zlib from "node:zlib";
import { AppError } from "@/lib/errors";

// What an import reads, told by its first bytes rather than its name: JSONL as it is, gzip
// and (where this Node.js has it) zstd decompressed in the stream, and other binary formats
// refused in one sentence before any line is read — a zip or Parquet file read as JSONL is
// thousands of "invalid UTF-8" lines that say nothing about the real problem.

/** Enough for every signature below (tar's sits at offset 257). */
export const SNIFF_BYTES = 512;

export type InputKind = "jsonl" | "gzip" | "zstd";

const ascii = (s: string) => Buffer.from(s, "latin1");

/** [signature, offset, what the file is, what to do instead]. */
const REFUSED: [Buffer, number, string, string][] = [
  [Buffer.from([0x50, 0x4b, 0x03, 0x04]), 0, "a zip archive", "extract the .jsonl file and import that"],
  [Buffer.from([0x50, 0x4b, 0x05, 0x06]), 0, "an empty zip archive", "extract the .jsonl file and import that"],
  [ascii("PAR1"), 0, "a Parquet file", "convert it to JSONL first"],
  [ascii("ARROW1"), 0, "an Arrow file", "convert it to JSONL first"],
  [Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), 0, "xz-compressed", "decompress it first (xz -d) or use gzip"],
  [ascii("BZh"), 0, "bzip2-compressed", "decompress it first (bunzip2) or use gzip"],
  [Buffer.from([0x04, 0x22, 0x4d, 0x18]), 0, "lz4-compressed", "decompress it first (lz4 -d) or use gzip"],
  [Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]), 0, "a 7-Zip archive", "extract the .jsonl file and import that"],
  [ascii("ustar"), 257, "a tar archive", "extract the .jsonl file and import that"],
  [ascii("SQLite format 3\0"), 0, "an SQLite database", "export the table as JSONL first"],
  [Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 0, "an Office document", "export it as JSONL first"],
  [ascii("Obj\x01"), 0, "an Avro file", "convert it to JSONL first"],
  [ascii("\x93NUMPY"), 0, "a NumPy array", "convert it to JSONL first"],
  [ascii("\x89HDF\r\n\x1a\n"), 0, "an HDF5 file", "convert it to JSONL first"],
  [ascii("%PDF-"), 0, "a PDF document", "import a JSONL file"],
  [ascii("\x89PNG"), 0, "a PNG image", "import a JSONL file"],
  [Buffer.from([0xff, 0xd8, 0xff]), 0, "a JPEG image", "import a JSONL file"],
  [Buffer.from([0xff, 0xfe]), 0, "UTF-16 text", "save it as UTF-8"],
  [Buffer.from([0xfe, 0xff]), 0, "UTF-16 text", "save it as UTF-8"],
];

const GZIP = Buffer.from([0x1f, 0x8b]);
const ZSTD = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);

const at = (head: Buffer, sig: Buffer, offset: number) =>
  head.length >= offset + sig.length && head.subarray(offset, offset + sig.length).equals(sig);

/** Node.js 22.15+/23.8+ decompress zstd; Node 20 does not. */
export const zstdAvailable = () => typeof (zlib as { createZstdDecompress?: unknown }).createZstdDecompress === "function";

/** What the file starting with `head` is; throws the refusal for anything Edgewise cannot read. */
export function inputKind(head: Buffer): InputKind {
  if (at(head, GZIP, 0)) return "gzip";
  if (at(head, ZSTD, 0)) {
    if (zstdAvailable()) return "zstd";
    throw new AppError(
      "bad_request",
      `The file is zstd-compressed, which this server's Node.js (${process.version}) cannot read: decompress it first (zstd -d) or use gzip`,
    );
  }
  for (const [sig, offset, what, instead] of REFUSED) {
    if (at(head, sig, offset)) throw new AppError("bad_request", `The file is ${what}, not JSONL: ${instead}`);
  }
  return "jsonl";
}

/** The same check on a file on disk (the CLI and uploads refuse before a batch is made). */
export function checkImportableFile(file: string): InputKind {
  const fd = fs.openSync(file, "r");
  try {
    const head = Buffer.alloc(SNIFF_BYTES);
    return inputKind(head.subarray(0, fs.readSync(fd, head, 0, SNIFF_BYTES, 0)));
  } finally {
    fs.closeSync(fd);
  }
}

function decompressor(kind: "gzip" | "zstd"): Transform {
  // Large output chunks: the line splitter's cost is per chunk (zlib's default is 16 KiB).
  const opts = { chunkSize: 256 * 1024 };
  if (kind === "gzip") return zlib.createGunzip(opts);
  return (zlib as unknown as { createZstdDecompress(o: object): Transform }).createZstdDecompress(opts);
}

/** zlib reports damaged data with a Z_* / ZSTD code; anything else (the disk, the upload) passes through. */
const isDecodeError = (err: unknown) => /^(Z_|ZSTD|ERR_ZSTD|ERR_ZLIB)/.test(String((err as { code?: unknown }).code ?? ""));

/**
 * The file's bytes as JSONL bytes. `consumed.bytes` counts the input taken so far, so
 * progress (bytes_read of bytes_total) stays right for compressed files.
 */
export async function* decodeInput(raw: AsyncIterable<Buffer>, consumed: { bytes: number }): AsyncGenerator<Buffer> {
  const it = raw[Symbol.asyncIterator]();
  const first: Buffer[] = [];
  let headLength = 0;
  let ended = false;
  while (headLength < SNIFF_BYTES) {
    const r = await it.next();
    if (r.done) {
      ended = true;
      break;
    }
    first.push(r.value);
    headLength += r.value.length;
  }
  const head = Buffer.concat(first);
  const kind = inputKind(head);
  async function* counted(): AsyncGenerator<Buffer> {
    consumed.bytes += head.length;
    if (head.length) yield head;
    while (!ended) {
      const r = await it.next();
      if (r.done) return;
      consumed.bytes += r.value.length;
      yield r.value;
    }
  }
  if (kind === "jsonl") {
    yield* counted();
    return;
  }
  const out = pipeline(Readable.from(counted()), decompressor(kind), () => {});
  try {
    for await (const chunk of out) yield chunk as Buffer;
  } catch (err) {
    if (!isDecodeError(err)) throw err;
    throw new AppError("bad_request", `The ${kind} data is damaged after ${consumed.bytes.toLocaleString("en")} bytes (${(err as Error).message})`);
  }
}
