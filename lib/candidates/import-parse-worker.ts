import { parentPort, workerData } from "node:worker_threads";
import { AppError, type AppErrorCode } from "@/lib/errors";
import { decodeInput } from "./decode-input";
import { ChunkParser, type ParserOptions } from "./import-parser";
import { readJsonlLines } from "./jsonl";

// The importer's parser thread. Pull-based both ways, so memory stays bounded: it asks the
// main thread for the next input buffer only while fewer than MAX_UNACKED parsed chunks wait
// to be written.

export type ToParser = { type: "data"; buf: Uint8Array } | { type: "end" } | { type: "ack" };
export type FromParser =
  | { type: "pull" }
  | { type: "chunk"; chunk: import("./import-parser").ParsedChunk }
  | { type: "done" }
  /** `code`: an AppError's (a refused or damaged file), rebuilt as one on the main thread. */
  | { type: "error"; message: string; code?: AppErrorCode };

const MAX_UNACKED = 2;
const port = parentPort!;
const post = (m: FromParser) => port.postMessage(m);

const inbox: (ToParser & { type: "data" | "end" })[] = [];
let wakeInput: (() => void) | null = null;
let unacked = 0;
let wakeAck: (() => void) | null = null;

port.on("message", (m: ToParser) => {
  if (m.type === "ack") {
    unacked--;
    wakeAck?.();
    return;
  }
  inbox.push(m);
  wakeInput?.();
});

async function* input(): AsyncGenerator<Buffer> {
  for (;;) {
    post({ type: "pull" });
    while (!inbox.length) await new Promise<void>((r) => (wakeInput = r));
    const m = inbox.shift()!;
    if (m.type === "end") return;
    yield Buffer.from(m.buf.buffer, m.buf.byteOffset, m.buf.byteLength);
  }
}

async function send(chunk: import("./import-parser").ParsedChunk): Promise<void> {
  post({ type: "chunk", chunk });
  unacked++;
  while (unacked >= MAX_UNACKED) await new Promise<void>((r) => (wakeAck = r));
}

try {
  const parser = new ChunkParser(workerData as ParserOptions);
  const consumed = { bytes: 0 };
  for await (const l of readJsonlLines(decodeInput(input(), consumed), () => consumed.bytes)) {
    const chunk = parser.push(l);
    if (chunk) await send(chunk);
  }
  await send(parser.flush());
  post({ type: "done" });
} catch (err) {
  post({ type: "error", message: (err as Error).message, code: err instanceof AppError ? err.code : undefined });
}
