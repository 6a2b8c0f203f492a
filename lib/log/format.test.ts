import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

// The logger as a process sees it: the format follows LOG_FORMAT, and `auto` means JSON lines
// when stdout is not a terminal (a pipe, as here).
function logOnce(
  format?: string,
  code = `const { log } = await import("./lib/log/index.ts"); log.child({ process: "worker" }).info({ run: 4 }, "run finished");`,
  level = "info",
) {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", LOG_LEVEL: level };
  if (format) env.LOG_FORMAT = format;
  else delete env.LOG_FORMAT;
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], { env, encoding: "utf8" });
  expect(r.stderr).toBe("");
  return r.stdout;
}

describe("terminal output format", () => {
  it("is JSON lines when not a terminal, or with LOG_FORMAT=json", { timeout: 60_000 }, () => {
    for (const format of [undefined, "json"]) {
      const record = JSON.parse(logOnce(format));
      expect(record).toMatchObject({ level: 30, process: "worker", run: 4, msg: "run finished" });
    }
  });

  it("is the readable line with LOG_FORMAT=pretty (uncolored off a terminal)", { timeout: 60_000 }, () => {
    expect(logOnce("pretty")).toMatch(/^\d\d:\d\d:\d\d INFO  worker    run finished  run=4\n$/);
  });

  it("holds relayed records (a child's lines) to the same LOG_LEVEL", { timeout: 60_000 }, () => {
    const code = `const { writeRecord } = await import("./lib/log/index.ts"); for (const level of [30, 40]) writeRecord({ level, msg: "at " + level, process: "web" });`;
    const lines = logOnce("json", code, "warn").trim().split("\n");
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(["at 40"]);
  });
});
