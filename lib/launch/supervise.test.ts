import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY, restartDelay, Supervised } from "./supervise";

// Real child processes (tiny node scripts), real signals.

const until = async (check: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
};

function supervise(script: string, policy = { initialMs: 50, maxMs: 400, stableMs: 60_000 }) {
  const said: string[] = [];
  const s = new Supervised({ name: "worker", args: ["-e", script], spawn: { stdio: "ignore" }, policy, say: (m) => said.push(m) });
  return { s, said };
}

describe("Supervised", () => {
  it("restarts a child killed with SIGKILL, and says so", async () => {
    const { s, said } = supervise("setInterval(() => {}, 1000)");
    s.start();
    await until(() => s.pid !== undefined);
    const first = s.pid!;
    process.kill(first, "SIGKILL");
    await until(() => s.pid !== undefined && s.pid !== first);
    expect(said[0]).toBe("worker exited (SIGKILL); restarting it in 50 ms (restart #1); the rest keeps running");
    expect(() => process.kill(s.pid!, 0)).not.toThrow(); // the new one is alive
    await s.stop();
    expect(s.pid).toBeUndefined();
  });

  it("backs off on a child that keeps failing, up to the cap", async () => {
    const { s, said } = supervise("process.exit(3)");
    s.start();
    await until(() => s.restarts >= 5);
    await s.stop();
    const waits = said.map((m) => Number(/in (\d+) ms/.exec(m)?.[1]));
    expect(waits.slice(0, 5)).toEqual([50, 100, 200, 400, 400]);
    expect(said[0]).toMatch(/^worker exited \(3\)/);
  });

  it("starts the backoff over after a stable run", async () => {
    const { s, said } = supervise("setTimeout(() => process.exit(1), 150)", { initialMs: 20, maxMs: 1000, stableMs: 100 });
    s.start();
    await until(() => s.restarts >= 3);
    await s.stop();
    expect(said.slice(0, 3).map((m) => /in (\d+) ms/.exec(m)?.[1])).toEqual(["20", "20", "20"]);
  });

  it("stop() is final: no restart after it", async () => {
    const { s } = supervise("setInterval(() => {}, 1000)");
    s.start();
    await until(() => s.pid !== undefined);
    await s.stop();
    await new Promise((r) => setTimeout(r, 200));
    expect([s.pid, s.restarts]).toEqual([undefined, 0]);
  });

  it("default policy: 1 s, 2 s, 4 s … capped at 30 s", () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => restartDelay(n, DEFAULT_POLICY))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });
});
