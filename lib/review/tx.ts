import type { PoolClient } from "pg";
import type { Actor, AuditAction } from "@/lib/audit";
export { inTransaction } from "@/lib/db/transaction";

/** The audit row of a review step, written in the step's own transaction. */
export async function auditIn(c: PoolClient, actor: Actor, action: AuditAction, candidateId: number, details: object): Promise<void> {
  await c.query(
    `insert into audit_event (actor_id, actor_email, action, target_type, target_id, details) values ($1, $2, $3, 'candidate', $4, $5)`,
    [actor.id, actor.email, action, String(candidateId), JSON.stringify(details)],
  );
}
