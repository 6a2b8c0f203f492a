import crypto from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { recordAudit, type Actor } from "@/lib/audit";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { forgetAdminCredentials } from "./admin-credentials";
import { clearAccountAttempts } from "./throttle";

// Passwords that Edgewise sets for someone: a new account's, and an admin's reset. A user's
// own change goes through better-auth's /change-password (current password required; the
// hook in ./server.ts ends their other sessions and audits it).

/** 16 random bytes, URL-safe: shown once, never stored in clear. */
export function generatePassword(): string {
  return crypto.randomBytes(12).toString("base64url");
}

/** The account behind an email (CLI commands name users by email), or a 404. */
export async function userIdByEmail(email: string): Promise<string> {
  const user = await db().user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true } });
  if (!user) throw notFound(`User ${email}`);
  return user.id;
}

/**
 * An admin's reset (web Users page, or `edgewise users reset-password` on the server when the
 * last admin's password is lost): a new generated password, returned once; every session of
 * the user ends, and the sign-in throttle for the account starts over.
 */
export async function resetUserPassword(actor: Actor, userId: string): Promise<{ id: string; email: string; password: string }> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { id: true, email: true } });
  if (!user) throw notFound("User");
  const password = generatePassword();
  const hash = await hashPassword(password);
  await db().$transaction(async (tx) => {
    const { count } = await tx.account.updateMany({ where: { userId, providerId: "credential" }, data: { password: hash } });
    if (count === 0) {
      await tx.account.create({ data: { id: crypto.randomUUID(), userId, accountId: userId, providerId: "credential", password: hash } });
    }
    await tx.session.deleteMany({ where: { userId } });
  });
  await clearAccountAttempts(user.email);
  forgetAdminCredentials(user.email);
  await recordAudit({ actor, action: "user.password_reset", target: { type: "user", id: userId }, details: { email: user.email } });
  return { id: user.id, email: user.email, password };
}
