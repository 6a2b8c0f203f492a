import type { PoolClient } from "pg";
import type { Prisma } from "@/lib/db/generated/client";
import { recordAuditIn, type Actor, type AuditAction } from "@/lib/audit";
export { inTransaction } from "@/lib/db/transaction";

/** The audit row of a review step, written in the step's own transaction. */
export async function auditIn(c: PoolClient, actor: Actor, action: AuditAction, candidateId: number, details: Prisma.InputJsonValue): Promise<void> {
  await recordAuditIn(c, { actor, action, target: { type: "candidate", id: candidateId }, details });
}
