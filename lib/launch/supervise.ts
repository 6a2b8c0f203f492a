import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";

// `npm start` keeps its children running: a worker killed by the OOM killer or a web server
// that crashed is started again, with exponential backoff so a child that cannot start (a
// broken build, a database that is away) does not spin. Only stop() — Ctrl-C / SIGTERM to the
// launcher — ends them for good.

export interface RestartPolicy {
  /** Wait before the first restart (default 1 s); doubles on each quick failure. */
  initialMs: number;
  /** Longest wait between restarts (default 30 s). */
  maxMs: number;
  /** A child that ran this long before exiting counts as healthy: the backoff starts over. */
  stableMs: number;
}

export const DEFAULT_POLICY: RestartPolicy = { initialMs: 1000, maxMs: 30_000, stableMs: 60_000 };

export interface SupervisedSpec {
  name: string;
  /** Arguments to node (the current executable). */
  args: string[];
  spawn: Pick<SpawnOptions, "cwd" | "env" | "stdio">;
  policy?: Partial<RestartPolicy>;
  say: (message: string) => void;
  /** Called with each new child process (first start and every restart): e.g. relay its output. */
  onSpawn?: (child: ChildProcess) => void;
}

/** The wait before restart number `failures` (0-based count of quick exits in a row). */
export function restartDelay(failures: number, p: RestartPolicy): number {
  return Math.min(p.maxMs, p.initialMs * 2 ** failures);
}

export class Supervised {
  private child: ChildProcess | null = null;
  private startedAt = 0;
  private failures = 0;
  private timer: NodeJS.Timeout | null = null;
  private stopping = false;
  private readonly policy: RestartPolicy;
  /** How many times the child was started again after an exit. */
  restarts = 0;

  constructor(private readonly spec: SupervisedSpec) {
    this.policy = { ...DEFAULT_POLICY, ...spec.policy };
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    const child = spawn(process.execPath, this.spec.args, this.spec.spawn);
    this.child = child;
    this.spec.onSpawn?.(child);
    this.startedAt = Date.now();
    child.on("error", (err) => this.spec.say(`${this.spec.name} could not be started: ${err.message}`));
    child.on("exit", (code, signal) => this.exited(child, signal ?? code));
  }

  private exited(child: ChildProcess, how: NodeJS.Signals | number | null): void {
    if (this.child !== child) return;
    this.child = null;
    if (this.stopping) return;
    if (Date.now() - this.startedAt >= this.policy.stableMs) this.failures = 0;
    const wait = restartDelay(this.failures, this.policy);
    this.failures++;
    this.restarts++;
    const seconds = wait >= 1000 ? `${Math.round(wait / 100) / 10} s` : `${wait} ms`;
    this.spec.say(`${this.spec.name} exited (${how}); restarting it in ${seconds} (restart #${this.restarts}); the rest keeps running`);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.stopping) this.start();
    }, wait);
  }

  /** Stop for good: no more restarts; SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs = 15_000): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const c = this.child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return Promise.resolve();
    return new Promise<void>((resolve) => {
      c.once("exit", () => resolve());
      c.kill("SIGTERM");
      setTimeout(() => c.kill("SIGKILL"), graceMs).unref();
    });
  }
}
