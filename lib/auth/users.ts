import crypto from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { z } from "zod";
import { recordAudit, type Actor } from "@/lib/audit";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { AppError, conflict, notFound } from "@/lib/errors";
import { refuseHiddenCharacters } from "@/lib/text/names";
import { generatePassword } from "./passwords";
import { roleSchema, type Role } from "./roles";

// Accounts are created by admins (sign-up is closed): a team's training data is not public.

export const createUserSchema = z.object({
  email: z.string().trim().toLowerCase().email(),
  name: z.string().trim().min(1).max(100).superRefine(refuseHiddenCharacters),
  role: roleSchema,
  /** Omitted: a strong one is generated and returned once. */
  password: z.string().min(8).max(200).optional(),
});

const publicUser = { id: true, email: true, name: true, role: true, active: true, createdAt: true } as const;

export async function createUser(actor: Actor, input: z.input<typeof createUserSchema>) {
  const data = createUserSchema.parse(input);
  const password = data.password ?? generatePassword();
  const id = crypto.randomUUID();
  try {
    await db().$transaction([
      db().user.create({ data: { id, email: data.email, name: data.name, role: data.role, emailVerified: true } }),
      db().account.create({
        data: { id: crypto.randomUUID(), userId: id, accountId: id, providerId: "credential", password: await hashPassword(password) },
      }),
    ]);
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      throw conflict(`A user with email ${data.email} already exists`);
    }
    throw err;
  }
  await recordAudit({ actor, action: "user.create", target: { type: "user", id }, details: { email: data.email, role: data.role } });
  return { id, email: data.email, name: data.name, role: data.role, password: data.password ? undefined : password };
}

export async function listUsers() {
  return db().user.findMany({ select: publicUser, orderBy: [{ active: "desc" }, { email: "asc" }] });
}

export async function countUsers(): Promise<number> {
  return db().user.count();
}

/** Change a role. The last active admin cannot demote themselves out of the building. */
export async function setUserRole(actor: Actor, userId: string, role: Role) {
  const from = await withAdminsLocked(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user) throw notFound("User");
    if (user.role === "admin" && role !== "admin") await assertAnotherAdmin(tx, userId);
    await tx.user.update({ where: { id: userId }, data: { role } });
    return user.role;
  });
  await recordAudit({ actor, action: "user.role", target: { type: "user", id: userId }, details: { from, to: role } });
}

/** Deactivate (sessions end at once, tokens stop working) or reactivate an account. */
export async function setUserActive(actor: Actor, userId: string, active: boolean) {
  if (!active && actor.id === userId) throw new AppError("bad_request", "You cannot deactivate your own account");
  await withAdminsLocked(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user) throw notFound("User");
    if (!active && user.role === "admin") await assertAnotherAdmin(tx, userId);
    await tx.user.update({ where: { id: userId }, data: { active } });
    if (!active) await tx.session.deleteMany({ where: { userId } });
  });
  await recordAudit({ actor, action: active ? "user.activate" : "user.deactivate", target: { type: "user", id: userId } });
}

type Tx = Prisma.TransactionClient;

/**
 * Every change that can remove an admin runs check and write in one transaction under one
 * advisory lock: two admins demoting each other at once would otherwise both see "another
 * admin remains" and leave none.
 */
async function withAdminsLocked<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db().$transaction(async (tx) => {
    await tx.$executeRaw`select pg_advisory_xact_lock(hashtext('edgewise.admins'))`;
    return fn(tx);
  });
}

async function assertAnotherAdmin(tx: Tx, userId: string) {
  const others = await tx.user.count({ where: { role: "admin", active: true, id: { not: userId } } });
  if (others === 0) throw new AppError("bad_request", "Edgewise needs at least one active admin");
}

/** One admin edit (role and/or active), each part audited on its own. */
export async function updateUser(actor: Actor, userId: string, change: { role?: Role; active?: boolean }) {
  if (change.role !== undefined) await setUserRole(actor, userId, change.role);
  if (change.active !== undefined) await setUserActive(actor, userId, change.active);
  return db().user.findUniqueOrThrow({ where: { id: userId }, select: publicUser });
}
