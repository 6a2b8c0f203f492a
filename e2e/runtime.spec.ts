import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { LEAD, signIn } from "./helpers";

// Issue 8 items 4 and 8 against the real `npm start`: the web server listens on loopback only
// by default, and a worker that dies (SIGKILL, as the OOM killer would) is started again
// while the web keeps answering.

const port = Number(process.env.E2E_PORT ?? 3217);
const home = path.join(os.tmpdir(), `edgewise-e2e-${port}`);

/** Local addresses with a socket listening on `port` (Linux: /proc/net/tcp and tcp6). */
function listeningAddresses(port: number): string[] {
  const out: string[] = [];
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    if (!fs.existsSync(file)) continue;
    for (const line of fs.readFileSync(file, "utf8").split("\n").slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (state !== "0A" || !local) continue; // 0A = LISTEN
      const [hex, portHex] = local.split(":");
      if (parseInt(portHex, 16) !== port) continue;
      out.push(hex.length === 8 ? hex.match(/../g)!.reverse().map((b) => parseInt(b, 16)).join(".") : hex === "0".repeat(32) ? "::" : hex);
    }
  }
  return out;
}

test("the web server listens on 127.0.0.1 only by default", async ({ request }) => {
  test.skip(process.platform !== "linux", "reads /proc/net");
  expect((await request.get("/api/health")).status()).toBe(200);
  expect(listeningAddresses(port)).toEqual(["127.0.0.1"]);
  // And a non-loopback address of this machine is refused.
  const external = Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === "IPv4" && !i.internal);
  if (external) {
    const refused = await fetch(`http://${external.address}:${port}/api/health`, { signal: AbortSignal.timeout(3000) }).then(
      () => false,
      () => true,
    );
    expect(refused, `reachable on ${external.address}`).toBe(true);
  }
});

/** PIDs of this e2e server's worker processes (Linux: /proc), found by script and EDGEWISE_HOME. */
function workerPids(): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (!cmd.includes("lib/jobs/worker-main.ts")) continue;
      if (!fs.readFileSync(`/proc/${entry}/environ`, "utf8").split("\0").includes(`EDGEWISE_HOME=${home}`)) continue;
      pids.push(Number(entry));
    } catch {
      // exited meanwhile, or not ours to read
    }
  }
  return pids;
}

test("a worker killed with SIGKILL is restarted while the web keeps serving", async ({ page, request }) => {
  test.skip(process.platform !== "linux", "finds the worker through /proc");
  test.setTimeout(120_000);
  const [first] = workerPids();
  expect(first, "the launcher's worker process").toBeTruthy();
  process.kill(first, "SIGKILL");

  // The web answers throughout, and a new worker appears.
  let replacement: number | undefined;
  const until = Date.now() + 30_000;
  while (!replacement && Date.now() < until) {
    expect((await request.get("/api/health")).status()).toBe(200);
    replacement = workerPids().find((p) => p !== first);
    await new Promise((r) => setTimeout(r, 250));
  }
  expect(replacement, "a restarted worker").toBeTruthy();

  // The restarted worker runs jobs: a small scoring run completes.
  await signIn(page, LEAD);
  await page.goto("/runs/new?domain=science");
  await page.getByLabel("Sample size (N)").fill("5");
  await page.getByLabel("Samples per candidate (k)").fill("2");
  await page.getByRole("button", { name: "Start run" }).click();
  await expect(page).toHaveURL(/\/runs\/\d+$/);
  await expect(page.getByRole("progressbar", { name: "Run progress" })).toHaveAttribute("aria-valuenow", "100", { timeout: 60_000 });
});
