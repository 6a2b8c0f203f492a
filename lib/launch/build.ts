import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

// `npm start` serves a production build. Rebuild only when a source file is newer than the
// last build, so a second start is instant and an edited checkout never serves stale pages.
const SOURCES = ["app", "components", "lib", "public", "next.config.js", "postcss.config.mjs", "package.json"];
const SKIP = new Set(["generated", "node_modules", ".next"]);

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of fs.readdirSync(p)) {
    if (SKIP.has(entry)) continue;
    newest = Math.max(newest, newestMtime(path.join(p, entry)));
  }
  return newest;
}

export function buildIsStale(root = process.cwd()): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) return true;
  const built = fs.statSync(buildId).mtimeMs;
  return SOURCES.some((s) => newestMtime(path.join(root, s)) > built);
}

/** `next build`, its output handed to `relay` (the launcher shows it in its one format). */
export async function buildNext(root: string, relay: (child: ChildProcess) => void): Promise<void> {
  const child = spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
    cwd: root,
    stdio: ["inherit", "pipe", "pipe"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  relay(child);
  const code = await new Promise<number | null>((resolve, reject) => child.on("error", reject).on("exit", resolve));
  if (code !== 0) throw new Error(`next build failed (exit ${code})`);
}
