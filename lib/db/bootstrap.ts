import path from "node:path";
import { env, homeDir } from "@/lib/env";
import { startEmbeddedPostgres } from "./embedded";
import { migrate } from "./migrate";
import { appRoleUrl, ensureAppRole } from "./roles";

export interface DatabaseHandle {
  /** What the app connects with: the embedded database's non-superuser app role, or DATABASE_URL. */
  url: string;
  /** Stops the embedded server when this process started it; otherwise does nothing. */
  stop: () => Promise<void>;
}

/**
 * Every entry point (web launcher, worker, CLI) calls this first: use DATABASE_URL or start /
 * reuse the embedded PostgreSQL under .edgewise/, then apply pending migrations (under an
 * advisory lock, so entry points starting together take turns). Sets process.env.DATABASE_URL.
 *
 * Embedded: migrations run as the owner role, then the app role's grants are brought up to
 * date and the process continues as the app role (lib/db/roles.ts, docs/decisions/0012).
 * DATABASE_URL: used as given, for migrations and the app alike (use a non-superuser there).
 *
 * `owner`: the launcher owns the embedded server and stops it on exit even if it adopted one
 * left running by a crash; the CLI only borrows a running one.
 */
export async function ensureDatabase(opts: { owner?: boolean; log?: (l: string) => void } = {}): Promise<DatabaseHandle> {
  let url = process.env.DATABASE_URL;
  let stop = async () => {};
  if (!url) {
    const pg = await startEmbeddedPostgres({
      dir: path.join(homeDir, "pg"),
      port: env.EDGEWISE_EMBEDDED_PG_PORT,
      log: opts.log,
    });
    if (opts.owner || !pg.adopted) stop = pg.stop;
    await migrate(pg.url);
    await ensureAppRole(pg.url, pg.credentials.app);
    url = appRoleUrl(pg.url, pg.credentials.app);
    process.env.DATABASE_URL = url;
    return { url, stop };
  }
  await migrate(url);
  return { url, stop };
}
