import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

// e2e drives the real app exactly as a user starts it (`npm start`): embedded PostgreSQL in a
// throwaway EDGEWISE_HOME, migrations, demo seed, production build, worker.
const port = Number(process.env.E2E_PORT ?? 3217);
// 127.0.0.1, not localhost: the server binds IPv4 loopback only (EDGEWISE_HOST), and where
// localhost resolves to ::1 first a client without happy-eyeballs fallback would be refused.
const origin = `http://127.0.0.1:${port}`;
// One fixed folder per port, emptied by the runner (workers load this file too, so only the
// runner — which has no TEST_WORKER_INDEX — may clear it).
const home = path.join(os.tmpdir(), `edgewise-e2e-${port}`);
if (process.env.TEST_WORKER_INDEX === undefined) fs.rmSync(home, { recursive: true, force: true });

// Debian's chromium where present (offline machines); Playwright's own download elsewhere.
const executablePath =
  process.env.CHROMIUM_PATH ?? (fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: origin,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    ...devices["Desktop Chrome"],
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: "npm start",
    url: `${origin}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
    env: {
      PORT: String(port),
      EDGEWISE_URL: origin,
      EDGEWISE_HOME: home,
      EDGEWISE_EMBEDDED_PG_PORT: String(port + 20000),
      EDGEWISE_SIM_PORT: String(port + 1),
      NEXT_TELEMETRY_DISABLED: "1",
      EDGEWISE_ADMIN_EMAIL: "admin@e2e.test",
      EDGEWISE_ADMIN_PASSWORD: "e2e-admin-password",
      LOG_LEVEL: "warn",
      // A dead import is noticed in ~15 s instead of 60 s (imports.spec.ts waits for it); the
      // heartbeat (5 s) still beats three times within it.
      EDGEWISE_IMPORT_DEAD_SECONDS: "15",
    },
  },
});
