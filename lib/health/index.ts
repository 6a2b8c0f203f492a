import { pool } from "@/lib/db/client";

/** Liveness + database reachability, for load balancers and the e2e harness. */
export async function health(): Promise<{ ok: boolean; database: "up" | "down" }> {
  try {
    await pool().query("select 1");
    return { ok: true, database: "up" };
  } catch {
    return { ok: false, database: "down" };
  }
}
