import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { assertPostgresCanReach, firstBlockedFolder } from "./reachable";

const postgres = { uid: 101, gid: 104 };
const tree: Record<string, { uid: number; gid: number; mode: number }> = {
  "/": { uid: 0, gid: 0, mode: 0o755 },
  "/root": { uid: 0, gid: 0, mode: 0o700 },
  "/root/edgewise": { uid: 0, gid: 0, mode: 0o755 },
  "/opt": { uid: 0, gid: 0, mode: 0o755 },
  "/opt/pg": { uid: 101, gid: 0, mode: 0o700 },
  "/opt/grp": { uid: 0, gid: 104, mode: 0o710 },
  "/opt/grp/x": { uid: 0, gid: 0, mode: 0o750 },
};
const stat = (p: string) => tree[p] ?? null;

describe("firstBlockedFolder", () => {
  it("finds the private folder on the way (a clone under /root)", () => {
    expect(firstBlockedFolder("/root/edgewise/node_modules/pg/bin", postgres, stat)).toEqual({ folder: "/root", mode: 0o700 });
  });

  it("follows owner, group and other bits for the postgres account", () => {
    expect(firstBlockedFolder("/opt/pg/data", postgres, stat)).toBeNull(); // its own folder
    expect(firstBlockedFolder("/opt/grp/data", postgres, stat)).toBeNull(); // group may enter
    expect(firstBlockedFolder("/opt/grp/x/data", postgres, stat)).toEqual({ folder: "/opt/grp/x", mode: 0o750 });
  });

  it("treats an account not created yet as a stranger", () => {
    expect(firstBlockedFolder("/opt/pg/data", null, stat)).toEqual({ folder: "/opt/pg", mode: 0o700 });
  });
});

describe("assertPostgresCanReach", () => {
  it("says in one sentence what is wrong and what to do", () => {
    const locked = fs.mkdtempSync(path.join(os.tmpdir(), "locked-"));
    fs.chmodSync(locked, 0o700);
    let message = "";
    try {
      assertPostgresCanReach({ binaries: os.tmpdir(), dataDir: path.join(locked, "pg") }, { uid: 65534, gid: 65534 });
    } catch (err) {
      message = (err as Error).message;
    } finally {
      fs.rmSync(locked, { recursive: true });
    }
    expect(message).toMatch(
      /^Started as root, Edgewise runs its embedded PostgreSQL as the OS user "postgres", which cannot enter \S+locked-\S+ \(mode 0700\) to reach its data folder/,
    );
    expect(message).toContain("run Edgewise as a non-root user");
    expect(message).toContain("DATABASE_URL");
    expect(message).toMatch(/^[^\n]+\.$/);
    expect(message).not.toMatch(/\. [A-Z]/); // one sentence
  });
});
