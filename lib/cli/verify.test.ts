import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { verifyLines } from "./verify";

const jsonl = (...lines: unknown[]) => Readable.from([Buffer.from(lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n") + "\n")]);

async function collect(kind: "math" | "mcq" | "exact" | "code", input: Readable, parallel = 1) {
  const out = [];
  for await (const o of verifyLines(kind, input, parallel)) out.push(o);
  return out;
}

describe("edgewise verify", () => {
  it("writes one verdict per line, in order, and reports unreadable lines by number", async () => {
    const out = await collect(
      "math",
      jsonl(
        { id: "a", gold: "7,425,000", response: "Total: \\boxed{7425000}" },
        "{broken",
        { id: "b", gold: "[0,9)", response: "The answer is (0,9)" },
        { id: 3, response: "no gold" },
      ),
    );
    expect(out).toEqual([
      { id: "a", correct: true, extracted: "7425000", reason: expect.any(String) },
      { id: null, line: 2, error: "invalid JSON" },
      { id: "b", correct: false, extracted: "(0,9)", reason: expect.stringContaining("≠") },
      { id: null, line: 4, error: expect.stringContaining("gold") },
    ]);
  });

  it("reads a math line's prompt: a list is a set only when the problem asks for all", async () => {
    const line = { gold: "1, -2", response: "The answer is $-2, 1$." };
    const out = await collect(
      "math",
      jsonl({ id: "set", ...line, prompt: "Find all real x with x^2 + x = 2." }, { id: "ordered", ...line }),
    );
    expect(out.map((o) => [o.id, o.correct])).toEqual([["set", true], ["ordered", false]]);
    expect(out[0].reason).toContain("read as sets");
  });

  it("keeps input order when code checks run in parallel", async () => {
    const add = (op: string) => "```python\ndef add(a, b):\n    return a " + op + " b\n```";
    const lines = Array.from({ length: 6 }, (_, i) => ({ id: i, gold: "", response: add(i % 2 ? "-" : "+"), tests: ["assert add(2, 3) == 5"] }));
    const out = await collect("code", jsonl(...lines), 3);
    expect(out.map((o) => [o.id, o.correct])).toEqual(lines.map((l, i) => [l.id, i % 2 === 0]));
  });

  it("runs as a command: stdout is JSONL, exit 1 when a line could not be verified, 2 on bad usage", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "verify-"));
    fs.writeFileSync(path.join(dir, "in.jsonl"), '{"id":1,"gold":"B","response":"Answer: (B)"}\nnope\n');
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [path.resolve("bin/edgewise.mjs"), "verify", ...args], { cwd: dir, encoding: "utf8", env: { ...process.env, DATABASE_URL: "" } });
    const r = run("--kind", "mcq", "--jsonl", "in.jsonl");
    expect(r.status).toBe(1);
    expect(r.stdout.trim().split("\n").map((l) => JSON.parse(l))).toEqual([
      { id: 1, correct: true, extracted: "B", reason: expect.any(String) },
      { id: null, line: 2, error: "invalid JSON" },
    ]);
    expect(run("--kind", "poetry", "--jsonl", "in.jsonl").status).toBe(2);
  });
});
