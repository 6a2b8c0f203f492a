import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { hasSignedInFrom, recordAudit } from "@/lib/audit";
import { db } from "@/lib/db/client";
import { env, publicUrl, publicUrlIsHttps, trustedOrigins } from "@/lib/env";
import { log } from "@/lib/log";
import { forgetAdminCredentials } from "./admin-credentials";
import { clientAddress, socketAddressHeader } from "./client-address";
import { FloodGuard } from "./flood";
import { authSecret } from "./secret";
import { accountKey, clearAttempts, clientKey, pruneAttempts, takeAttempt, THROTTLE } from "./throttle";

// better-auth owns sign-in, sessions (rows in PostgreSQL, httpOnly SameSite=Lax cookies),
// password hashing (scrypt, memory-hard) and its own origin check on mutations. Edgewise adds
// roles, deactivation, a sign-in throttle per (account, client) (./throttle.ts) and the audit
// trail. Only the endpoints Edgewise uses answer: profile edits (update-user: names, images),
// sign-up, email changes, account deletion and the rest are 404, so nothing changes an
// account outside lib/auth/users.ts and its audit.

export { THROTTLE };

const floodGuard = new FloodGuard();

/** better-auth endpoints that answer; every other path is "not found" (an allow-list, so an upgrade adding endpoints adds nothing). */
export const OPEN_AUTH_PATHS = new Set(["/sign-in/email", "/sign-out", "/get-session", "/change-password", "/ok", "/error"]);

function tooMany(retryAfterSeconds: number): APIError {
  const wait = retryAfterSeconds < 90 ? `${retryAfterSeconds} seconds` : `${Math.ceil(retryAfterSeconds / 60)} minutes`;
  return new APIError("TOO_MANY_REQUESTS", { message: `Too many sign-in attempts for this account from here. Try again in ${wait}.` }, { "Retry-After": String(retryAfterSeconds) });
}

function build() {
  return betterAuth({
    appName: "Edgewise",
    baseURL: publicUrl(),
    secret: authSecret(),
    trustedOrigins: trustedOrigins(),
    database: prismaAdapter(db(), { provider: "postgresql" }),
    telemetry: { enabled: false },
    // better-auth's own messages in Edgewise's one log format, not its colored console lines.
    logger: {
      log: (level, message, ...args) => {
        const err = args.find((a): a is Error => a instanceof Error);
        log[level]({ process: "auth", err }, message);
      },
    },
    advanced: {
      // Explicit rather than better-auth's inference: `Secure` cookies exactly when the public
      // URL is https (a plain-http deployment cannot use them; an https one must).
      useSecureCookies: publicUrlIsHttps(),
      // better-auth's own coarse per-address limiter reads the same address the throttle does.
      ipAddress: env.EDGEWISE_TRUST_PROXY.length
        ? { ipAddressHeaders: ["x-forwarded-for"], trustedProxies: env.EDGEWISE_TRUST_PROXY }
        : { ipAddressHeaders: [socketAddressHeader() ?? "x-edgewise-socket-address"] },
    },
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 8, autoSignIn: false },
    user: {
      additionalFields: {
        role: { type: "string", input: false, defaultValue: "reviewer" },
        active: { type: "boolean", input: false, defaultValue: true },
      },
    },
    // No cookie cache: every request reads the session row, so deactivation is immediate.
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    // better-auth's limiter, in memory (in the database it ran one interactive transaction per
    // request, and 100 concurrent sign-ins 500'd), for its other endpoints. Sign-in has its own
    // guards in the hook below: ./flood.ts per address, ./throttle.ts per account.
    rateLimit: {
      enabled: true,
      storage: "memory",
      window: 60,
      max: 300,
      customRules: { "/sign-in/email": false },
    },
    databaseHooks: {
      session: {
        create: {
          // A deactivated account cannot get a new session, whatever path asks for one.
          before: async (session) => {
            const user = await db().user.findUnique({ where: { id: session.userId }, select: { active: true } });
            if (!user?.active) throw new APIError("FORBIDDEN", { message: "This account is deactivated" });
          },
        },
      },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (!OPEN_AUTH_PATHS.has(ctx.path)) throw new APIError("NOT_FOUND", { message: "Not found" });
        // A changed password ends every other session (a thief's included), whatever the client asks.
        if (ctx.path === "/change-password" && ctx.body) ctx.body.revokeOtherSessions = true;
        if (ctx.path !== "/sign-in/email") return;
        const email = String(ctx.body?.email ?? "").toLowerCase();
        const address = ctx.request ? clientAddress(ctx.request.headers) : null;
        const flooded = floodGuard.take(address ?? "unknown");
        if (flooded) throw new APIError("TOO_MANY_REQUESTS", { message: `Too many sign-ins from this address. Try again in ${flooded} seconds.` }, { "Retry-After": String(flooded) });
        if (Math.random() < 0.01) await pruneAttempts();
        const mine = await takeAttempt(clientKey(email, address), THROTTLE.free);
        if (!mine.allowed) throw tooMany(mine.retryAfterSeconds);
        // The account-wide ceiling slows guessing from many addresses; a client that has signed
        // in from this address before is not slowed by strangers' guesses.
        if (address && (await hasSignedInFrom(email, address, THROTTLE.knownDays))) return;
        const all = await takeAttempt(accountKey(email), THROTTLE.accountFree);
        if (!all.allowed) throw tooMany(all.retryAfterSeconds);
      }),
      after: createAuthMiddleware(async (ctx) => {
        const ip = ctx.request ? clientAddress(ctx.request.headers) : null;
        const returned = ctx.context.returned;
        const failed = returned instanceof Error || (returned instanceof Response && !returned.ok);
        if (ctx.path === "/sign-in/email") {
          const session = ctx.context.newSession;
          const email = String(ctx.body?.email ?? "").toLowerCase();
          if (session) await clearAttempts(clientKey(email, ip));
          if (session) forgetAdminCredentials(email);
          // A throttled attempt never reached the password check: nothing to record per try.
          if (!session && returned instanceof APIError && returned.statusCode === 429) return;
          await recordAudit(
            session
              ? { actor: { id: session.user.id, email: session.user.email }, action: "auth.sign_in", ip }
              : { actor: { id: null, email }, action: "auth.sign_in_failed", ip },
          );
        } else if (ctx.path === "/sign-out" && ctx.context.session) {
          const u = ctx.context.session.user;
          await recordAudit({ actor: { id: u.id, email: u.email }, action: "auth.sign_out", ip });
        } else if (ctx.path === "/change-password" && ctx.context.session) {
          const u = ctx.context.session.user;
          if (!failed) forgetAdminCredentials(u.email);
          await recordAudit({ actor: { id: u.id, email: u.email }, action: failed ? "auth.password_change_failed" : "auth.password_change", ip });
        }
      }),
    },
    plugins: [nextCookies()],
  });
}

type Auth = ReturnType<typeof build>;
const g = globalThis as unknown as { __auth?: Auth };

/** The better-auth instance (built lazily: it needs DATABASE_URL, set at start-up). */
export function auth(): Auth {
  g.__auth ??= build();
  return g.__auth;
}
