import type { Readable } from "node:stream";

// Splits a byte stream into JSONL lines without ever holding more than one line (plus one
// read chunk) in memory. Lines are checked as UTF-8 here, because a decoder over the whole
// stream would silently turn bad bytes into U+FFFD and the line's number would be lost.

export const MAX_LINE_BYTES = 1024 * 1024;

export type JsonlLine =
  | { line: number; text: string; bytesRead: number }
  | { line: number; error: string; bytesRead: number };

const NEWLINE = 0x0a;
const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Non-blank lines, 1-based line numbers; `bytesRead` is the stream offset after the line. */
export async function* readJsonlLines(input: Readable | AsyncIterable<Buffer>): AsyncGenerator<JsonlLine> {
  let pending: Buffer[] = []; // pieces of the current, unfinished line
  let pendingBytes = 0;
  let overflow = false; // the current line passed MAX_LINE_BYTES: skip to its end
  let lineNo = 0;
  let bytesRead = 0;

  function* finish(piece: Buffer): Generator<JsonlLine> {
    lineNo++;
    if (overflow) {
      overflow = false;
      yield { line: lineNo, error: `line is longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB`, bytesRead };
      return;
    }
    const bytes = pending.length ? Buffer.concat([...pending, piece]) : piece;
    pending = [];
    pendingBytes = 0;
    let end = bytes.length;
    if (end > 0 && bytes[end - 1] === 0x0d) end--; // CRLF
    let start = 0;
    if (lineNo === 1 && end >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3; // BOM
    let text: string;
    try {
      text = utf8.decode(bytes.subarray(start, end));
    } catch {
      yield { line: lineNo, error: "invalid UTF-8", bytesRead };
      return;
    }
    if (text.trim() === "") return;
    yield { line: lineNo, text, bytesRead };
  }

  for await (const chunk of input as AsyncIterable<Buffer>) {
    let pos = 0;
    while (pos < chunk.length) {
      const nl = chunk.indexOf(NEWLINE, pos);
      if (nl === -1) {
        const rest = chunk.subarray(pos);
        bytesRead += rest.length;
        if (!overflow) {
          pendingBytes += rest.length;
          if (pendingBytes > MAX_LINE_BYTES) {
            overflow = true;
            pending = [];
            pendingBytes = 0;
          } else {
            pending.push(Buffer.from(rest)); // copy: the stream may reuse its chunk
          }
        }
        break;
      }
      const piece = chunk.subarray(pos, nl);
      bytesRead += nl + 1 - pos;
      if (!overflow && pendingBytes + piece.length > MAX_LINE_BYTES) overflow = true;
      yield* finish(overflow ? Buffer.alloc(0) : piece);
      pos = nl + 1;
    }
  }
  if (pending.length || overflow) yield* finish(Buffer.alloc(0));
}
