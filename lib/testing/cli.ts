import { spawnSync } from "node:child_process";
import path from "node:path";

/** The real `edgewise` binary, as a user runs it from `cwd`, against the database at `url` (no token). */
export function runEdgewise(cwd: string, url: string, args: string[]) {
  const r = spawnSync(process.execPath, [path.resolve("bin/edgewise.mjs"), ...args], {
    cwd,
    env: { ...process.env, DATABASE_URL: url, EDGEWISE_TOKEN: "", NODE_ENV: "test" },
    encoding: "utf8",
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
