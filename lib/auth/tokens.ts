import crypto from "node:crypto";
import { z } from "zod";
import { recordAudit, type Actor } from "@/lib/audit";
import { db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors";
import type { Principal } from "./roles";

// API tokens for the CLI and automation. The token is shown once; only its sha256 is stored
// (a token is 256 random bits, so a fast hash is enough — there is nothing to brute-force).
// A token acts with its creator's *current* role and dies with the account's deactivation.

const PREFIX = "ew_";
const hash = (token: string) => crypto.createHash("sha256").update(token).digest();

export const createTokenSchema = z.object({ name: z.string().trim().min(1).max(80) });

/** A token for `owner`; `by` is who made it (the owner, or an operator's CLI on the server). */
export async function createApiToken(owner: Principal, input: z.input<typeof createTokenSchema>, by: Actor = actorOf(owner)) {
  const { name } = createTokenSchema.parse(input);
  const token = PREFIX + crypto.randomBytes(32).toString("base64url");
  const row = await db().apiToken.create({
    data: { userId: owner.userId, name, prefix: token.slice(0, 10), tokenHash: hash(token) },
  });
  await recordAudit({ actor: by, action: "token.create", target: { type: "api_token", id: row.id }, details: { name, owner: owner.email } });
  return { id: row.id, name, prefix: row.prefix, createdAt: row.createdAt, token };
}

export async function listApiTokens(owner: Principal) {
  return db().apiToken.findMany({
    where: { userId: owner.userId },
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true },
    orderBy: { id: "desc" },
  });
}

/** Every user's tokens with their owner (the server's CLI: `edgewise tokens list` without a token). */
export async function listAllApiTokens() {
  const rows = await db().apiToken.findMany({
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true, user: { select: { email: true } } },
    orderBy: { id: "desc" },
  });
  return rows.map(({ user, ...t }) => ({ ...t, owner: user.email }));
}

/** Owners revoke their own tokens; admins any. */
export async function revokeApiToken(by: Principal, id: number) {
  const row = await db().apiToken.findUnique({ where: { id } });
  if (!row || (row.userId !== by.userId && by.role !== "admin")) throw notFound("Token");
  await revokeAnyApiToken(actorOf(by), id);
}

/** Revoke whoever's token it is: for callers already allowed to (an admin, the server's CLI). */
export async function revokeAnyApiToken(actor: Actor, id: number) {
  const { count } = await db().apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  if (count === 0 && !(await db().apiToken.findUnique({ where: { id }, select: { id: true } }))) throw notFound("Token");
  await recordAudit({ actor, action: "token.revoke", target: { type: "api_token", id } });
}

/** The principal an active account's email stands for (the server's CLI makes tokens for it). */
export async function principalByEmail(email: string): Promise<Principal> {
  const u = await db().user.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!u) throw notFound(`User ${email}`);
  if (!u.active) throw new AppError("bad_request", `User ${u.email} is deactivated`);
  return { userId: u.id, email: u.email, name: u.name, role: u.role, via: "token" };
}

/** The principal a bearer token stands for, or null when unknown, revoked or deactivated. */
export async function principalFromToken(token: string): Promise<Principal | null> {
  if (!token.startsWith(PREFIX)) return null;
  const row = await db().apiToken.findUnique({ where: { tokenHash: hash(token) }, include: { user: true } });
  if (!row || row.revokedAt || !row.user.active) return null;
  // Touch at most once a minute: a busy CLI should not turn every call into a write.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db().apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  const u = row.user;
  return { userId: u.id, email: u.email, name: u.name, role: u.role, via: "token" };
}

export const actorOf = (p: Principal): Actor => ({ id: p.userId, email: p.email });
