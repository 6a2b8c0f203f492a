import { spawn, type StdioOptions } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { JOB_FILE, RUNNER_FILE, RUNNER_SCRIPT, type RunnerJob, type RunnerReport } from "./runner-script";

// Runs a candidate program and its tests in a python3 subprocess: a fresh temp directory
// (removed afterwards), a wall-clock timeout that kills the whole process group, resource
// limits set by the runner, a minimal environment (no proxies, no PYTHON* variables), stdin
// closed and output capped. See runner-script.ts for why this is not a security sandbox.

export type CodeRunOptions = {
  /** Wall-clock limit for the whole run. Default 10 s. */
  timeoutMs?: number;
  /** Address-space limit (RLIMIT_AS). Default 512 MB. */
  memoryMb?: number;
  /** Interpreter; default "python3" looked up on /usr/local/bin:/usr/bin:/bin. */
  python?: string;
  /** Bytes of stdout/stderr kept (the rest is drained and dropped). Default 64 KiB. */
  maxOutputBytes?: number;
};

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MEMORY_MB = 512;
const DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024;
const MAX_FILE_BYTES = 16 * 1024 * 1024;
const SAFE_PATH = "/usr/local/bin:/usr/bin:/bin";
// After the process exits, a grandchild that escaped the group may hold the pipes open.
const PIPE_GRACE_MS = 250;

export type RunOutcome =
  | { kind: "report"; report: RunnerReport }
  | { kind: "timeout" }
  | { kind: "no-report"; exitCode: number | null; signal: NodeJS.Signals | null; stderrTail: string };

/** Thrown when python cannot be started at all: an environment problem, not a wrong answer. */
export class PythonUnavailableError extends Error {}

export async function runPythonTests(solution: string, tests: string[], options: CodeRunOptions = {}): Promise<RunOutcome> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxOutput = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "edgewise-verify-"));
  try {
    const job: RunnerJob = {
      nonce: crypto.randomBytes(16).toString("hex"),
      solution,
      tests,
      memoryBytes: (options.memoryMb ?? DEFAULT_MEMORY_MB) * 1024 * 1024,
      cpuSeconds: Math.ceil(timeoutMs / 1000) + 1, // backstop; the wall clock normally fires first
      maxFileBytes: MAX_FILE_BYTES,
    };
    await fs.writeFile(path.join(dir, RUNNER_FILE), RUNNER_SCRIPT);
    await fs.writeFile(path.join(dir, JOB_FILE), JSON.stringify(job));
    return await runInDirectory(dir, job.nonce, options.python ?? "python3", timeoutMs, maxOutput);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

function runInDirectory(dir: string, nonce: string, python: string, timeoutMs: number, maxOutput: number): Promise<RunOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, ["-I", "-S", "-B", RUNNER_FILE], {
      cwd: dir,
      // Built from scratch: no proxies, no credentials, nothing inherited. (Cast: Next's types
      // make NODE_ENV required in every env object.)
      env: { PATH: SAFE_PATH, HOME: dir, TMPDIR: dir, LANG: "C.UTF-8" } as unknown as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe", "pipe"] as StdioOptions, // fd 3: the report channel
      detached: true, // its own process group, so a timeout kills children too
    });
    const channel = capture(child.stdio[3] as Readable, maxOutput);
    const stderr = capture(child.stderr!, maxOutput);
    capture(child.stdout!, maxOutput); // drained so the program never blocks on a full pipe

    let timedOut = false;
    const killGroup = () => {
      try {
        if (child.pid) process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, timeoutMs);

    let exit: { code: number | null; signal: NodeJS.Signals | null } = { code: null, signal: null };
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(new PythonUnavailableError(`could not start ${python}: ${error.message}`));
    });
    child.on("exit", (code, signal) => {
      exit = { code, signal };
      killGroup(); // leftovers the program forked
      setTimeout(() => child.stdio.forEach((stream) => stream?.destroy()), PIPE_GRACE_MS).unref();
    });
    child.on("close", () => {
      clearTimeout(timer);
      if (timedOut) return resolve({ kind: "timeout" });
      const report = findReport(channel.text(), nonce);
      if (report) return resolve({ kind: "report", report });
      resolve({ kind: "no-report", exitCode: exit.code, signal: exit.signal, stderrTail: stderr.text().slice(-500) });
    });
  });
}

function capture(stream: Readable, maxBytes: number): { text: () => string } {
  const chunks: Buffer[] = [];
  let kept = 0;
  stream.on("data", (chunk: Buffer) => {
    if (kept >= maxBytes) return;
    chunks.push(chunk.subarray(0, maxBytes - kept));
    kept += Math.min(chunk.length, maxBytes - kept);
  });
  stream.on("error", () => {}); // destroyed after exit: nothing to report
  return { text: () => Buffer.concat(chunks).toString("utf8") };
}

/** The runner's report line; lines without the nonce were not written by the runner. */
function findReport(text: string, nonce: string): RunnerReport | null {
  for (const line of text.split("\n").reverse()) {
    try {
      const parsed = JSON.parse(line) as RunnerReport & { nonce?: string };
      if (parsed.nonce === nonce) return parsed;
    } catch {
      // not JSON: ignore
    }
  }
  return null;
}
