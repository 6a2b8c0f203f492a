import type { Readable } from "node:stream";

// Splits a byte stream into JSONL lines without ever holding more than one read chunk (plus
// one unfinished line) in memory. UTF-8 is checked here, because a decoder over the whole
// stream would silently turn bad bytes into U+FFFD and the line's number would be lost.
// Fast path: decode all complete lines of a chunk at once; only a chunk with bad bytes is
// decoded line by line to find which line is at fault.

export const MAX_LINE_BYTES = 1024 * 1024;

export type JsonlLine =
  | { line: number; text: string; bytesRead: number }
  | { line: number; error: string; bytesRead: number };

const NEWLINE = 0x0a;
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const TOO_LONG = `line is longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB`;

/**
 * Non-blank lines, 1-based line numbers; `bytesRead` is how far into the stream we are, or
 * what `position` says (a decompressed stream counts the compressed bytes behind it).
 */
export async function* readJsonlLines(input: Readable | AsyncIterable<Buffer>, position?: () => number): AsyncGenerator<JsonlLine> {
  let pending: Buffer | null = null; // the unfinished line carried to the next chunk
  let skipping = false; // inside a line already reported as too long: drop bytes to its end
  let lineNo = 0;
  let bytesRead = 0;

  const emit = (text: string): JsonlLine | null => {
    lineNo++;
    if (text.endsWith("\r")) text = text.slice(0, -1);
    if (lineNo === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.length > MAX_LINE_BYTES / 4 && Buffer.byteLength(text) > MAX_LINE_BYTES) {
      return { line: lineNo, error: TOO_LONG, bytesRead };
    }
    return text.trim() === "" ? null : { line: lineNo, text, bytesRead };
  };

  for await (const chunk of input as AsyncIterable<Buffer>) {
    bytesRead = position ? position() : bytesRead + chunk.length;
    let buf = chunk;
    if (skipping) {
      const nl = buf.indexOf(NEWLINE);
      if (nl === -1) continue;
      skipping = false;
      lineNo++;
      yield { line: lineNo, error: TOO_LONG, bytesRead };
      buf = buf.subarray(nl + 1);
    }
    if (pending) buf = Buffer.concat([pending, buf]);
    pending = null;
    const last = buf.lastIndexOf(NEWLINE);
    if (last === -1) {
      if (buf.length > MAX_LINE_BYTES) skipping = true;
      else pending = Buffer.from(buf); // copy: the stream may reuse its chunk
      continue;
    }
    if (last + 1 < buf.length) pending = Buffer.from(buf.subarray(last + 1));
    const complete = buf.subarray(0, last); // without the final newline
    let lines: (string | null)[];
    try {
      lines = utf8.decode(complete).split("\n");
    } catch {
      lines = splitBytes(complete).map((b) => {
        try {
          return utf8.decode(b);
        } catch {
          return null;
        }
      });
    }
    for (const text of lines) {
      if (text === null) {
        lineNo++;
        yield { line: lineNo, error: "invalid UTF-8", bytesRead };
        continue;
      }
      const l = emit(text);
      if (l) yield l;
    }
    if (pending && pending.length > MAX_LINE_BYTES) {
      pending = null;
      skipping = true;
    }
  }
  if (skipping) {
    lineNo++;
    yield { line: lineNo, error: TOO_LONG, bytesRead };
  } else if (pending) {
    let text: string | null = null;
    try {
      text = utf8.decode(pending);
    } catch {
      lineNo++;
      yield { line: lineNo, error: "invalid UTF-8", bytesRead };
    }
    if (text !== null) {
      const l = emit(text);
      if (l) yield l;
    }
  }
}

function splitBytes(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let nl = buf.indexOf(NEWLINE); nl !== -1; nl = buf.indexOf(NEWLINE, start)) {
    out.push(buf.subarray(start, nl));
    start = nl + 1;
  }
  out.push(buf.subarray(start));
  return out;
}
