import { spawn, type ChildProcess } from "node:child_process";

// The real worker process (`npm run worker`) for crash tests: started, SIGKILLed, started again.

/** Start lib/jobs/worker-main.ts against `databaseUrl`, with short scoring leases. */
export function spawnWorker(databaseUrl: string, home: string): ChildProcess {
  // node --import tsx, not the tsx CLI: the CLI runs the script in a child process, so a
  // SIGKILL would hit only the wrapper and leave the real worker running (orphaned).
  return spawn(process.execPath, ["--import", "tsx", "lib/jobs/worker-main.ts"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, EDGEWISE_SCORING_LEASE_SECONDS: "2", EDGEWISE_DEMO: "0", EDGEWISE_HOME: home, LOG_LEVEL: "warn", NODE_ENV: "test" },
    stdio: ["ignore", "inherit", "inherit"],
  });
}

export const exited = (c: ChildProcess) =>
  new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once("exit", () => r())));

/** Poll `check` every 100 ms until it holds; throws after `timeoutMs`. */
export async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 100));
  }
}
