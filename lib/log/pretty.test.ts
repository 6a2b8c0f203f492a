import { describe, expect, it } from "vitest";
import { formatRecord, recordOfLine } from "./pretty";

const time = new Date(2026, 0, 2, 3, 4, 5).getTime();

describe("formatRecord", () => {
  it("is one readable line: time, level, process, message, then the other fields", () => {
    const line = formatRecord({ level: 40, time, pid: 7, process: "worker", msg: "slow endpoint", run: 3, model: "sim" }, { color: false });
    expect(line).toBe("03:04:05 WARN  worker    slow endpoint  run=3 model=sim\n");
  });

  it("puts an error's stack under the line, and colors only when asked", () => {
    const err = { message: "boom", stack: "Error: boom\n    at x (y.ts:1)" };
    const line = formatRecord({ level: 50, time, msg: "job failed", err }, { color: false });
    expect(line).toBe("03:04:05 ERROR job failed\n    Error: boom\n        at x (y.ts:1)\n");
    expect(formatRecord({ level: 30, time, msg: "m" }, { color: true })).toContain("\x1b[32mINFO");
  });
});

describe("recordOfLine", () => {
  it("keeps a child's pino record, naming the child when the record does not", () => {
    expect(recordOfLine('{"level":30,"time":1,"msg":"hi","n":1}', { process: "worker", level: 30 })).toEqual({
      process: "worker",
      level: 30,
      time: 1,
      msg: "hi",
      n: 1,
    });
    expect(recordOfLine('{"level":30,"process":"auth","msg":"x"}', { process: "web", level: 30 }).process).toBe("auth");
  });

  it("wraps any other text (Next.js's banner, a stack frame, JSON that is not a record)", () => {
    for (const text of ["▲ Next.js 16.4", "    at foo (bar.js:1:2)", '{"not":"a record"}', "{broken"]) {
      expect(recordOfLine(text, { process: "web", level: 40, pid: 9 })).toMatchObject({ process: "web", level: 40, pid: 9, msg: text });
    }
  });
});
