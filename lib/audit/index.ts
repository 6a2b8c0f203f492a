import type { PoolClient } from "pg";
import { z } from "zod";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { AuditAction } from "./actions";
import { dbId } from "@/lib/db/ids";

export { AUDIT_ACTIONS, type AuditAction } from "./actions";

// The append-only trail: who did what, when, to what. The table refuses UPDATE/DELETE
// (a trigger in the migration), so nothing here can rewrite history.

export interface Actor {
  id: string | null;
  email: string | null;
}
export const systemActor: Actor = { id: null, email: "system" };

export interface AuditInput {
  actor: Actor;
  action: AuditAction;
  target?: { type: string; id: string | number };
  details?: Prisma.InputJsonValue;
  ip?: string | null;
}

export async function recordAudit(e: AuditInput): Promise<void> {
  await db().auditEvent.create({
    data: {
      actorId: e.actor.id,
      actorEmail: e.actor.email,
      action: e.action,
      targetType: e.target?.type,
      targetId: e.target ? String(e.target.id) : undefined,
      details: e.details,
      ip: e.ip ?? undefined,
    },
  });
}

/**
 * The same row written on a caller's connection, inside its transaction: a step and its audit
 * row commit (or roll back) together — review decisions, snapshot freezes, mixtures.
 */
export async function recordAuditIn(c: Pick<PoolClient, "query">, e: AuditInput): Promise<void> {
  await c.query(
    `insert into audit_event (actor_id, actor_email, action, target_type, target_id, details, ip) values ($1, $2, $3, $4, $5, $6, $7)`,
    [e.actor.id, e.actor.email, e.action, e.target?.type ?? null, e.target ? String(e.target.id) : null, e.details === undefined ? null : JSON.stringify(e.details), e.ip ?? null],
  );
}

export const auditFilterSchema = z.object({
  action: z.string().trim().max(100).optional(),
  actor: z.string().trim().max(200).optional(),
  targetType: z.string().trim().max(50).optional(),
  cursor: dbId.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditFilter = z.input<typeof auditFilterSchema>;

/** Newest first, keyset-paginated by id; `action` matches a prefix ("auth." → all auth). */
export async function listAudit(input: AuditFilter) {
  const f = auditFilterSchema.parse(input);
  const rows = await db().auditEvent.findMany({
    where: {
      id: f.cursor ? { lt: f.cursor } : undefined,
      action: f.action ? { startsWith: f.action } : undefined,
      actorEmail: f.actor ? { contains: f.actor, mode: "insensitive" } : undefined,
      targetType: f.targetType || undefined,
    },
    orderBy: { id: "desc" },
    take: f.limit + 1,
  });
  const more = rows.length > f.limit;
  const items = more ? rows.slice(0, f.limit) : rows;
  return { items, nextCursor: more ? items[items.length - 1].id : null };
}

/** Whether `email` signed in from `ip` within the last `days` (the sign-in throttle trusts such a client more). */
export async function hasSignedInFrom(email: string, ip: string, days: number): Promise<boolean> {
  const since = new Date(Date.now() - days * 86_400_000);
  const hit = await db().auditEvent.findFirst({
    where: { action: "auth.sign_in", actorEmail: email.toLowerCase(), ip, at: { gte: since } },
    select: { id: true },
  });
  return hit !== null;
}
