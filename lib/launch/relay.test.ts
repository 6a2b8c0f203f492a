import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it, vi } from "vitest";

// lib/log reads its level at import (vitest's NODE_ENV=test means silent): a running app's.
vi.hoisted(() => {
  (process.env as Record<string, string>).NODE_ENV = "production";
  process.env.LOG_LEVEL = "info";
});

import { relayOutput, RELAYED_STDIO } from "./relay";

// Off a terminal (as here) the launcher writes JSON lines: every line a child printed becomes
// one record, whatever the child printed it as.
describe("relayOutput", () => {
  it("turns a child's text, colors and records into the launcher's one format", async () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => (written.push(String(s)), true));
    try {
      const script = `console.log("\\x1b[32m▲ Next.js\\x1b[0m ready"); console.log(JSON.stringify({ level: 30, time: 1, msg: "job done", job: 5 })); console.error("a warning"); console.log("");`;
      const child = spawn(process.execPath, ["-e", script], { stdio: [...RELAYED_STDIO] });
      relayOutput(child, "web");
      await once(child, "exit");
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      spy.mockRestore();
    }
    const records = written.map((w) => JSON.parse(w));
    expect(records).toHaveLength(3);
    expect(records).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ process: "web", level: 30, msg: "▲ Next.js ready" }),
        expect.objectContaining({ process: "web", level: 30, msg: "job done", job: 5, time: 1 }),
        expect.objectContaining({ process: "web", level: 40, msg: "a warning" }),
      ]),
    );
  });
});
