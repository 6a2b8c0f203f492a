#!/usr/bin/env node
// `npx edgewise …`: runs lib/cli/main.ts through tsx from the project root, so the CLI uses
// exactly the lib/ code the web and worker use. File arguments are resolved against the
// caller's folder first.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { helpFor } from "../lib/cli/help.mjs";

// Help (and an unknown command) is answered here, before the re-run below and before tsx
// loads: `edgewise --help` costs one bare node start.
const asked = helpFor(process.argv.slice(2));
if (asked) {
  (asked.stderr ? process.stderr : process.stdout).write(asked.text + "\n");
  process.exit(asked.exit);
}

// V8 lets garbage pile up far past what a streaming import needs before collecting; a
// 256 MB old space keeps the importer's peak RSS near 340 MB instead of 560 MB on a 1.4M-line
// pool (npm run bench:import). The flag must be given at start, so re-run ourselves with it.
// MALLOC_ARENA_MAX=2 too: glibc gives each thread (the importer's parser is one) its own
// malloc arenas, and their fragments took peak RSS from ~430 to 465–490 MB; same speed.
const HEAP_FLAG = "--max-old-space-size";
if (!process.execArgv.some((a) => a.startsWith(HEAP_FLAG)) && !(process.env.NODE_OPTIONS ?? "").includes(HEAP_FLAG)) {
  const child = spawn(process.execPath, [`${HEAP_FLAG}=256`, ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: "inherit",
    env: { MALLOC_ARENA_MAX: "2", ...process.env },
  });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
} else {
  await run();
}

async function run() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  process.env.EDGEWISE_CALLER_CWD = process.cwd();
  process.chdir(root);
  const { register } = await import("tsx/esm/api");
  register({ tsconfig: path.join(root, "tsconfig.json") });
  await import(pathToFileURL(path.join(root, "lib/cli/main.ts")).href);
}
