import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
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

/** PIDs of this e2e server's processes running `script` (Linux: /proc), found by EDGEWISE_HOME. */
function pidsOf(script: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (!cmd.includes(script)) continue;
      if (!fs.readFileSync(`/proc/${entry}/environ`, "utf8").split("\0").includes(`EDGEWISE_HOME=${home}`)) continue;
      pids.push(Number(entry));
    } catch {
      // exited meanwhile, or not ours to read
    }
  }
  return pids;
}
/** As the lead, start an exploration run of n science candidates at k; its progress bar. */
async function startScienceRun(page: Page, n: number, k: number) {
  await signIn(page, LEAD);
  await page.goto("/runs/new?domain=science");
  await page.getByLabel("Sample size (N)").fill(String(n));
  await page.getByLabel("Samples per candidate (k)").fill(String(k));
  await page.getByRole("button", { name: "Start run" }).click();
  await expect(page).toHaveURL(/\/runs\/\d+$/);
  return page.getByRole("progressbar", { name: "Run progress" });
}

const workerPids = () => pidsOf("lib/jobs/worker-main.ts");
// Next.js renames its server process (process.title), which rewrites its /proc cmdline.
const webPids = () => pidsOf("next-server");

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
  const progress = await startScienceRun(page, 5, 2);
  await expect(progress).toHaveAttribute("aria-valuenow", "100", { timeout: 60_000 });
});

test("a PostgreSQL restart under a running scoring run: health 503 then 200, nothing restarted, the run finishes", async ({ page, request }) => {
  test.skip(process.platform !== "linux", "finds processes through /proc");
  test.setTimeout(150_000);
  const progress = await startScienceRun(page, 30, 4);
  await expect.poll(async () => Number(await progress.getAttribute("aria-valuenow")), { timeout: 60_000 }).toBeGreaterThan(0);

  const workers = workerPids();
  const webs = webPids();
  expect(workers.length * webs.length).toBeGreaterThan(0);
  // A fast shutdown, as `pg_ctl restart -m fast` would do: every session gets 57P01.
  const postmaster = Number(fs.readFileSync(path.join(home, "pg", "postmaster.pid"), "utf8").split("\n")[0]);
  process.kill(postmaster, "SIGINT");

  const seen: number[] = [];
  let reason = "";
  const end = Date.now() + 60_000;
  while (Date.now() < end) {
    const r = await request.get("/api/health", { timeout: 10_000 }).catch(() => null);
    const status = r?.status() ?? 0; // 0: the web did not answer at all
    if (seen.at(-1) !== status) seen.push(status);
    if (status === 503) reason = (await r!.json()).reason;
    if (seen.includes(503) && status === 200) break;
    await new Promise((res) => setTimeout(res, 100));
  }
  expect(seen).toEqual([200, 503, 200].slice(seen[0] === 200 ? 0 : 1));
  expect(reason).toMatch(/database/);
  expect(workerPids()).toEqual(workers); // the same processes: nobody crashed
  expect(webPids()).toEqual(webs);
  await expect(progress).toHaveAttribute("aria-valuenow", "100", { timeout: 90_000 });
});
