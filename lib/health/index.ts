import { pool } from "@/lib/db/client";
import { outageReason } from "@/lib/db/outage";

export interface Health {
  ok: boolean;
  database: "up" | "down";
  /** Why the database is down, in words safe to show anyone (no host, URL or credentials). */
  reason?: string;
}

/** How long a probe waits for the database before calling it down. */
const PROBE_TIMEOUT_MS = 3000;

/** Liveness + database reachability, for load balancers, the launcher and the e2e harness. */
export async function health(): Promise<Health> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error("health probe timed out"), { code: "ETIMEDOUT" })), PROBE_TIMEOUT_MS);
    });
    await Promise.race([pool().query("select 1"), timeout]);
    return { ok: true, database: "up" };
  } catch (err) {
    return { ok: false, database: "down", reason: outageReason(err) };
  } finally {
    clearTimeout(timer);
  }
}
