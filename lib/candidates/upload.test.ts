import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { saveUpload } from "./upload";

const stream = (...parts: string[]) =>
  new ReadableStream<Uint8Array>({
    start(c) {
      for (const p of parts) c.enqueue(new TextEncoder().encode(p));
      c.close();
    },
  });

describe("saveUpload", () => {
  it("streams the body to a file", async () => {
    const r = await saveUpload(stream('{"prompt":"a"}\n', '{"prompt":"b"}\n'));
    expect(r.bytes).toBe(30);
    expect(fs.readFileSync(r.path, "utf8")).toBe('{"prompt":"a"}\n{"prompt":"b"}\n');
    fs.rmSync(r.path);
  });
  it("refuses a file over the limit and leaves nothing behind", async () => {
    await expect(saveUpload(stream("x".repeat(100), "y".repeat(100)), 150)).rejects.toMatchObject({ code: "payload_too_large" });
  });
  it("refuses an empty body", async () => {
    await expect(saveUpload(stream())).rejects.toMatchObject({ code: "bad_request" });
    await expect(saveUpload(null)).rejects.toMatchObject({ code: "bad_request" });
  });
});
