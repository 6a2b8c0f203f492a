import fs from "node:fs";
import path from "node:path";

// Started as root, the embedded PostgreSQL runs as the OS user `postgres` (initdb refuses
// root), so that user must be able to enter every folder above its binaries (under
// node_modules) and its data directory. A clone under /root (mode 0700) fails deep inside
// initdb with a raw spawn error; this check says what is wrong, and what to do, first.

export interface OsUser {
  uid: number;
  gid: number;
}

type Stat = Pick<fs.Stats, "uid" | "gid" | "mode">;

/** The `postgres` account from /etc/passwd, or null when it does not exist yet (it is created with no special rights). */
export function postgresOsUser(passwd = "/etc/passwd"): OsUser | null {
  let text: string;
  try {
    text = fs.readFileSync(passwd, "utf8");
  } catch {
    return null;
  }
  const line = text.split("\n").find((l) => l.startsWith("postgres:"));
  if (!line) return null;
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}

/** The first folder on the way to `target` that `who` (null: a user not yet created) cannot enter, or null. */
export function firstBlockedFolder(target: string, who: OsUser | null, stat: (p: string) => Stat | null = statOrNull): { folder: string; mode: number } | null {
  const parts = path.resolve(target).split(path.sep).filter(Boolean);
  for (let i = 0; i <= parts.length; i++) {
    const folder = path.sep + parts.slice(0, i).join(path.sep);
    const st = stat(folder);
    if (!st) return null; // not created yet: its parent was enterable, and Edgewise creates it enterable
    const bits = who && st.uid === who.uid ? 0o100 : who && st.gid === who.gid ? 0o010 : 0o001;
    if (!(st.mode & bits)) return { folder, mode: st.mode & 0o777 };
  }
  return null;
}

function statOrNull(p: string): Stat | null {
  try {
    return fs.statSync(p);
  } catch {
    return null;
  }
}

export class EmbeddedPostgresUnreachable extends Error {}

/** Throws the one-sentence explanation when `postgres` cannot reach the binaries or the data directory. */
export function assertPostgresCanReach(places: { binaries: string; dataDir: string }, who = postgresOsUser()): void {
  for (const [what, target] of [
    ["its programs", places.binaries],
    ["its data folder", places.dataDir],
  ] as const) {
    const blocked = firstBlockedFolder(target, who);
    if (!blocked) continue;
    throw new EmbeddedPostgresUnreachable(
      `Started as root, Edgewise runs its embedded PostgreSQL as the OS user "postgres", which cannot enter ${blocked.folder} ` +
        `(mode ${blocked.mode.toString(8).padStart(4, "0")}) to reach ${what} in ${target}: run Edgewise as a non-root user, ` +
        `or keep the clone and EDGEWISE_HOME in folders others may enter (e.g. /opt/edgewise), or set DATABASE_URL to a PostgreSQL server.`,
    );
  }
}
