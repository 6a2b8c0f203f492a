import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { recordAudit, countRecentFailures } from "@/lib/audit";
import { db } from "@/lib/db/client";
import { publicUrl, publicUrlIsHttps, trustedOrigins } from "@/lib/env";
import { authSecret } from "./secret";

// better-auth owns sign-in, sessions (rows in PostgreSQL, httpOnly SameSite=Lax cookies),
// password hashing (scrypt, memory-hard) and its own origin check on mutations. Edgewise adds
// roles, deactivation, a per-account throttle on failed sign-ins and the audit trail.

/** Failed sign-ins allowed per account per window before further attempts are refused. */
export const THROTTLE = { failures: 5, windowMinutes: 15 };

function build() {
  return betterAuth({
    appName: "Edgewise",
    baseURL: publicUrl(),
    secret: authSecret(),
    trustedOrigins: trustedOrigins(),
    // Explicit rather than better-auth's inference: `Secure` cookies exactly when the public
    // URL is https (a plain-http deployment cannot use them; an https one must).
    advanced: { useSecureCookies: publicUrlIsHttps() },
    database: prismaAdapter(db(), { provider: "postgresql" }),
    telemetry: { enabled: false },
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 8, autoSignIn: false },
    user: {
      additionalFields: {
        role: { type: "string", input: false, defaultValue: "reviewer" },
        active: { type: "boolean", input: false, defaultValue: true },
      },
    },
    // No cookie cache: every request reads the session row, so deactivation is immediate.
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    rateLimit: {
      enabled: true,
      storage: "database",
      window: 60,
      max: 300,
      customRules: { "/sign-in/email": { window: 60, max: 20 } },
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
        if (ctx.path !== "/sign-in/email") return;
        const email = String(ctx.body?.email ?? "").toLowerCase();
        const since = new Date(Date.now() - THROTTLE.windowMinutes * 60_000);
        if ((await countRecentFailures(email, since)) >= THROTTLE.failures) {
          throw new APIError("TOO_MANY_REQUESTS", {
            message: `Too many failed sign-ins for this account. Try again in ${THROTTLE.windowMinutes} minutes.`,
          });
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        const ip = ctx.request?.headers.get("x-forwarded-for") ?? null;
        if (ctx.path === "/sign-in/email") {
          const session = ctx.context.newSession;
          const email = String(ctx.body?.email ?? "").toLowerCase();
          await recordAudit(
            session
              ? { actor: { id: session.user.id, email: session.user.email }, action: "auth.sign_in", ip }
              : { actor: { id: null, email }, action: "auth.sign_in_failed", ip },
          );
        } else if (ctx.path === "/sign-out" && ctx.context.session) {
          const u = ctx.context.session.user;
          await recordAudit({ actor: { id: u.id, email: u.email }, action: "auth.sign_out", ip });
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
