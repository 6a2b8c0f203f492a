import { runningPostmaster, startEmbeddedPostgres } from "@/lib/db/embedded";
import { DEFAULT_POLICY, restartDelay } from "./supervise";

/**
 * `npm start` with the embedded database: if its PostgreSQL dies (OOM killer, a crash, someone
 * stopping it), start it again — with the same backoff as the other children — while web and
 * worker wait the outage out (docs/decisions/0013). Returns the stop for the current server.
 */
export function watchEmbeddedDatabase(o: {
  dataDir: string;
  port: number;
  stop: () => Promise<void>;
  say: (message: string) => void;
  /** False once the launcher is shutting down (Ctrl-C reaches postgres too: no restart then). */
  active: () => boolean;
  everyMs?: number;
}): { stop: () => Promise<void> } {
  let stopServer = o.stop;
  let stopped = false;
  let failures = 0;
  let timer: NodeJS.Timeout | null = null;
  const schedule = (ms: number) => {
    if (!stopped) timer = setTimeout(() => void check(), ms);
  };
  const check = async () => {
    timer = null;
    if (stopped || !o.active()) return;
    if (runningPostmaster(o.dataDir)) {
      failures = 0;
      return schedule(o.everyMs ?? 1000);
    }
    o.say(failures ? "starting embedded PostgreSQL again…" : "embedded PostgreSQL stopped; starting it again (web and worker wait)");
    try {
      const pg = await startEmbeddedPostgres({ dir: o.dataDir, port: o.port });
      if (stopped) return void (await pg.stop());
      stopServer = pg.stop;
      failures = 0;
      o.say("embedded PostgreSQL is back");
      schedule(o.everyMs ?? 1000);
    } catch (err) {
      const wait = restartDelay(failures++, DEFAULT_POLICY);
      o.say(`could not start embedded PostgreSQL (${(err as Error)?.message ?? err}); trying again in ${Math.round(wait / 1000)} s`);
      schedule(wait);
    }
  };
  schedule(o.everyMs ?? 1000);
  return {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await stopServer();
    },
  };
}
