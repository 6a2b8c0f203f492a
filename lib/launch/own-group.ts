import { spawn } from "node:child_process";
import os from "node:os";

// `npm start` runs the launcher (serve.ts) in a process group of its own, behind this relay.
// Ctrl-C in a terminal — and Playwright's teardown — signals the whole foreground process
// group, which reached the embedded PostgreSQL too: it began a fast shutdown at once, while
// the worker was still writing what its scoring requests had answered and the web was still
// serving, and those writes failed. In its own group the launcher alone hears the signal
// (relayed from here) and stops things in order: web and worker, then the database.

/**
 * Run `node <execArgv> script args` in a new process group with stdio shared; relay SIGINT,
 * SIGTERM and SIGHUP to it; resolve with its exit code. The child learns that this relay died
 * (SIGKILL, a closed terminal) from its IPC channel closing: see onRelayGone.
 */
export function runInOwnGroup(script: string, args: string[], execArgv: string[] = process.execArgv): Promise<number> {
  const child = spawn(process.execPath, [...execArgv, script, ...args], {
    // POSIX process groups; on Windows `detached` would open a console window of its own instead
    detached: process.platform !== "win32",
    stdio: ["inherit", "inherit", "inherit", "ipc"],
  });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    });
  }
  return new Promise((resolve) => {
    child.once("exit", (code, signal) => resolve(code ?? (signal ? 128 + os.constants.signals[signal] : 1)));
    child.once("error", () => resolve(1));
  });
}

/** In the child of runInOwnGroup: call `stop` when the relay is gone (its IPC channel closed). */
export function onRelayGone(stop: () => void): void {
  if (!process.connected) return; // not started through the relay
  process.once("disconnect", stop);
  process.channel?.unref(); // the channel alone must not keep the process alive
}
