import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "./embedded";

// The real start-up path, as root, with EDGEWISE_HOME inside a private (0700) folder: the
// start stops before initdb with the one-sentence explanation instead of a raw spawn error.
describe.runIf(process.getuid?.() === 0)("embedded PostgreSQL started by root", () => {
  it("refuses a data folder the postgres account cannot enter, saying what to do", async () => {
    const privateDir = fs.mkdtempSync(path.join(os.tmpdir(), "root-private-"));
    fs.chmodSync(privateDir, 0o700);
    const dataDir = path.join(privateDir, "clone", ".edgewise", "pg");
    await expect(startEmbeddedPostgres({ dir: dataDir, port: 1 + 50_000 + (process.pid % 10_000), fast: true })).rejects.toThrow(
      new RegExp(`cannot enter ${privateDir} \\(mode 0700\\) to reach its data folder`),
    );
    expect(fs.existsSync(path.join(dataDir, "PG_VERSION"))).toBe(false);
    fs.rmSync(privateDir, { recursive: true, force: true });
  });
});
