import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

// The logger as a process sees it: the format follows LOG_FORMAT, and `auto` means JSON lines
// when stdout is not a terminal (a pipe, as here).
function logOnce(format?: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", LOG_LEVEL: "info" };
  if (format) env.LOG_FORMAT = format;
  else delete env.LOG_FORMAT;
  const code = `const { log } = await import("./lib/log/index.ts"); log.child({ process: "worker" }).info({ run: 4 }, "run finished");`;
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
});
