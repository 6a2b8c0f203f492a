import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { once } from "node:events";
import type { WrittenFile } from "./job-view";

// One output file: bytes go to disk through a write stream that is awaited when its buffer is
// full (backpressure: the row source is not read faster than the disk takes it), and through
// sha256 and a byte count on the way, so a file's hash never needs a second read.

export class FileSink {
  private readonly stream: fs.WriteStream;
  private readonly hash = crypto.createHash("sha256");
  private bytes = 0;

  constructor(
    dir: string,
    readonly name: string,
  ) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // 8 MB in flight: the disk writes (libuv's thread pool) while the next rows are formatted.
    // With the 16 KB default every 256 KB chunk waited for its own write to finish.
    this.stream = fs.createWriteStream(file, { highWaterMark: 8 << 20 });
  }

  async write(chunk: string | Uint8Array): Promise<void> {
    const buf = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    this.hash.update(buf);
    this.bytes += buf.length;
    if (!this.stream.write(buf)) await this.drained();
  }

  /** The stream's buffer emptied, or it failed: one listener pair, removed either way. */
  private drained(): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = (err?: Error) => {
        this.stream.off("drain", done);
        this.stream.off("error", done);
        if (err) reject(err);
        else resolve();
      };
      this.stream.on("drain", done);
      this.stream.on("error", done);
    });
  }

  async close(rows: number | null): Promise<WrittenFile> {
    this.stream.end();
    await once(this.stream, "finish");
    return { name: this.name, bytes: this.bytes, sha256: this.hash.digest("hex"), rows };
  }

  /** On failure: close the file without a hash nobody will read (its errors no longer matter). */
  async destroy(): Promise<void> {
    this.stream.on("error", () => {});
    if (this.stream.closed) return;
    const closed = once(this.stream, "close");
    this.stream.destroy();
    await closed;
  }
}

/** Lines are gathered into ~256 KB writes: one stream write per line costs more than the JSON. */
export class LineBuffer {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly sink: FileSink) {}

  /** A promise only when the buffer went to the file (await it: backpressure); else nothing to wait for. */
  push(line: string): Promise<void> | undefined {
    this.parts.push(line);
    this.size += line.length;
    return this.size >= 256 * 1024 ? this.flush() : undefined;
  }

  async flush(): Promise<void> {
    if (!this.parts.length) return;
    const chunk = this.parts.join("");
    this.parts = [];
    this.size = 0;
    await this.sink.write(chunk);
  }
}
