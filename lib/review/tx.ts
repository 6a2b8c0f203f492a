import type { PoolClient } from "pg";
import type { Prisma } from "@/lib/db/generated/client";
import { recordAuditIn, type Actor, type AuditAction } from "@/lib/audit";
import { AppError } from "@/lib/errors";
export { inTransaction } from "@/lib/db/transaction";

/** The audit row of a review step, written in the step's own transaction. */
export async function auditIn(c: PoolClient, actor: Actor, action: AuditAction, candidateId: number, details: Prisma.InputJsonValue): Promise<void> {
  await recordAuditIn(c, { actor, action, target: { type: "candidate", id: candidateId }, details });
}

/** A step on an item whose lease the reviewer no longer holds (queue claims and decisions both say it). */
export const noLease = () =>
  new AppError("conflict", "You do not hold this item any more (its lease expired or it was never yours): claim the next one");
