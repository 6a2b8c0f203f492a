import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { env, homeDir } from "@/lib/env";
import { AppError } from "@/lib/errors";

// Browser uploads are streamed to disk (never buffered whole) and imported by the worker.
// The folder is shared by web and worker on one machine; see docs/decisions/0003.

export const uploadsDir = () => path.join(homeDir, "uploads");

export async function saveUpload(body: ReadableStream<Uint8Array> | null, maxBytes = env.EDGEWISE_MAX_UPLOAD_MB * 1024 * 1024) {
  if (!body) throw new AppError("bad_request", "The request has no file in its body");
  fs.mkdirSync(uploadsDir(), { recursive: true });
  const file = path.join(uploadsDir(), `${Date.now()}-${crypto.randomBytes(6).toString("hex")}.jsonl`);
  let bytes = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > maxBytes) done(new AppError("payload_too_large", `File is larger than ${Math.round(maxBytes / 1024 / 1024)} MB`));
      else done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(body as never), limit, fs.createWriteStream(file));
  } catch (err) {
    fs.rmSync(file, { force: true });
    throw err instanceof AppError ? err : new AppError("bad_request", "The upload was interrupted");
  }
  if (bytes === 0) {
    fs.rmSync(file, { force: true });
    throw new AppError("bad_request", "The file is empty");
  }
  return { path: file, bytes };
}
