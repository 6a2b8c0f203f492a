import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { describe, expect, it } from "vitest";

// `npm start` runs the launcher in its own process group (own-group.ts): a Ctrl-C, which the
// terminal sends to its whole foreground group, must reach the launcher only through the
// relay, never the database under it directly, so the launcher can stop things in order.

const relayScript = path.join(import.meta.dirname, "fixtures/relay.ts");

function startRelay() {
  // detached: the relay leads a group of its own here, as a terminal's foreground job would
  const relay = spawn(process.execPath, ["--import", "tsx", relayScript], { detached: true, stdio: ["ignore", "pipe", "inherit"] });
  const lines = readline.createInterface({ input: relay.stdout! })[Symbol.asyncIterator]();
  const next = async () => String((await lines.next()).value);
  const exited = new Promise<number | null>((resolve) => relay.once("exit", (code) => resolve(code)));
  return { relay, next, exited };
}

/** Running (a zombie waiting for a reaper counts as gone: its parent exited). */
const isAlive = (pid: number) => {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
};

describe("runInOwnGroup", () => {
  it("relays a Ctrl-C to the launcher only: the database under it keeps running until the launcher stops it", async () => {
    const { relay, next, exited } = startRelay();
    const [, child, database] = (await next()).split(" ").map(Number);
    process.kill(-relay.pid!, "SIGINT"); // what a terminal does on Ctrl-C
    expect(await next()).toBe("SIGINT; database alive: true");
    expect(await exited).toBe(0);
    expect(isAlive(child)).toBe(false);
    await new Promise((r) => setTimeout(r, 100));
    expect(isAlive(database)).toBe(false); // stopped by the launcher, in its order
  }, 30_000);

  it("a launcher whose relay was killed stops too", async () => {
    const { relay, next } = startRelay();
    const [, child] = (await next()).split(" ").map(Number);
    relay.kill("SIGKILL");
    const deadline = Date.now() + 10_000;
    while (isAlive(child) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(isAlive(child)).toBe(false);
  }, 30_000);
});
