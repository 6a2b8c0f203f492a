import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    env: { EDGEWISE_HOME: "/tmp/edgewise-vitest-home" },
    include: ["lib/**/*.test.ts", "components/**/*.test.{ts,tsx}", "bench/**/*.test.ts", "prisma/**/*.test.ts"],
    globalSetup: ["lib/testing/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // DB tests share one embedded PostgreSQL; each file works in its own database.
    pool: "forks",
    // Vitest's default is one worker fewer than the cores: ONE on a 2-core machine, which ran the
    // 164 files one after another while most of them wait on PostgreSQL, child processes, HTTP
    // or timers (the suite used about one core of two). Two overlap those waits.
    maxWorkers: 2,
  },
});
