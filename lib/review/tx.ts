import type { PoolClient } from "pg";
import type { Actor, AuditAction } from "@/lib/audit";
import { pool } from "@/lib/db/client";

/** Runs fn in one transaction on one connection: everything a review step writes, or nothing. */
export async function inTransaction<T>(fn: (c: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool().connect();
  try {
    await client.query("begin");
    const out = await fn(client);
    await client.query("commit");
    return out;
  } catch (err) {
    await client.query("rollback").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/** The audit row of a review step, written in the step's own transaction. */
export async function auditIn(c: PoolClient, actor: Actor, action: AuditAction, candidateId: number, details: object): Promise<void> {
  await c.query(
    `insert into audit_event (actor_id, actor_email, action, target_type, target_id, details) values ($1, $2, $3, 'candidate', $4, $5)`,
    [actor.id, actor.email, action, String(candidateId), JSON.stringify(details)],
  );
}
