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

/**
 * The same command line in this process (lib/cli/run-command.ts, what the binary runs after
 * its startup), against the test file's database: output captured, no process start per call.
 * Tests of what only the process does (exit status, help before tsx) spawn the binary instead.
 */
export async function edgewiseInProcess(cwd: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  const { runCommand } = await import("@/lib/cli/run-command");
  const out: string[] = [];
  const err: string[] = [];
  const saved = { log: console.log, error: console.error, write: process.stdout.write, cwd: process.env.EDGEWISE_CALLER_CWD };
  console.log = (...a: unknown[]) => void out.push(a.join(" ") + "\n");
  console.error = (...a: unknown[]) => void err.push(a.join(" ") + "\n");
  process.stdout.write = ((chunk: string | Uint8Array) => (out.push(String(chunk)), true)) as typeof process.stdout.write;
  process.env.EDGEWISE_CALLER_CWD = cwd;
  try {
    const code = await runCommand(args);
    return { code, out: out.join(""), err: err.join("") };
  } finally {
    Object.assign(console, { log: saved.log, error: saved.error });
    process.stdout.write = saved.write;
    if (saved.cwd === undefined) delete process.env.EDGEWISE_CALLER_CWD;
    else process.env.EDGEWISE_CALLER_CWD = saved.cwd;
  }
}
