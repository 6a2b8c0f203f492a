import { log } from "@/lib/log";

// A database that restarts, fails over or drops connections is an outage to wait out, not a
// bug: the pools log and reconnect, long-lived loops (scoring drivers, slot leases, pg-boss)
// retry with backoff, and /api/health says why it answers 503. This file tells such errors
// apart from real ones (a constraint violation, a typo in SQL), which still fail at once.

/** SQLSTATEs of a server going away or not accepting connections (classes 08 and 57P). */
const SQLSTATES = new Set(["57P01", "57P02", "57P03", "57P05", "53300", "08000", "08001", "08003", "08004", "08006", "08007"]);
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
/** Prisma's codes for the same (the driver adapter's kinds map onto these). */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
/** node-postgres reports a dropped socket in words, without a code. */
const MESSAGES = [
  /connection terminated/i,
  /not queryable/i,
  /timeout exceeded when trying to connect/i,
  /connection (?:is )?closed/i,
  /server closed the connection/i,
  /the database system is (?:starting up|shutting down|in recovery mode)/i,
  /terminating connection due to administrator command/i,
  /can't reach database server/i,
];

type Shape = { code?: unknown; kind?: unknown; originalCode?: unknown; message?: unknown; cause?: unknown; errors?: unknown; meta?: unknown };

/** Every error in the chain: causes, aggregate members, Prisma's wrapped driver error. */
function* chain(err: unknown, depth = 0): Generator<Shape> {
  if (!err || typeof err !== "object" || depth > 6) return;
  const e = err as Shape;
  yield e;
  yield* chain(e.cause, depth + 1);
  if (Array.isArray(e.errors)) for (const x of e.errors) yield* chain(x, depth + 1);
  const meta = e.meta as { driverAdapterError?: unknown } | undefined;
  if (meta?.driverAdapterError) yield* chain(meta.driverAdapterError, depth + 1);
}

/** The first code in the chain that marks a lost or refused database connection, if any. */
export function connectionErrorCode(err: unknown): string | null {
  for (const e of chain(err)) {
    for (const c of [e.code, e.originalCode, e.kind]) {
      if (typeof c !== "string") continue;
      if (SQLSTATES.has(c) || SOCKET_CODES.has(c) || PRISMA_CODES.has(c) || ADAPTER_KINDS.has(c)) return c;
    }
    if (typeof e.message === "string" && MESSAGES.some((m) => m.test(e.message as string))) return "connection lost";
  }
  return null;
}

/** True when err means "the database is away", not "this statement is wrong". */
export const isConnectionError = (err: unknown): boolean => connectionErrorCode(err) !== null;

/** A user-safe sentence for /api/health and logs: no host, URL or credentials. */
export function outageReason(err: unknown): string {
  const code = connectionErrorCode(err);
  switch (code) {
    case "ECONNREFUSED":
    case "DatabaseNotReachable":
    case "P1001":
      return "the database is not accepting connections (ECONNREFUSED)";
    case "57P01":
    case "57P02":
      return `the database is shutting down or restarting (${code})`;
    case "57P03":
      return "the database is starting up (57P03)";
    case "53300":
    case "TooManyConnections":
      return "the database has too many connections (53300)";
    case "ETIMEDOUT":
    case "SocketTimeout":
    case "P2024":
      return "the database did not answer in time";
    case null:
      return "the database query failed";
    default:
      return `the database connection was lost (${code})`;
  }
}

export interface RetryOptions {
  /** What is waiting, for the log ("scoring run 12: claim"). */
  what: string;
  /** Give up (rethrow) once this returns true, e.g. on shutdown. */
  stop?: () => boolean;
  /** Give up after waiting this long in total (default: never). */
  maxWaitMs?: number;
  /** First pause (default 250 ms), doubling up to capMs (default 5 s), with jitter. */
  baseMs?: number;
  capMs?: number;
}

/**
 * Run fn; while it fails with a connection error, wait (exponential backoff with jitter) and
 * run it again. Other errors, and connection errors after `stop()` or `maxWaitMs`, are thrown.
 * Only for work that is safe to repeat: idempotent writes, or transactions that either
 * committed or did not (a guarded setter makes a repeated commit a no-op).
 */
export async function retryOnConnectionError<T>(fn: () => Promise<T>, o: RetryOptions): Promise<T> {
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await fn();
      if (attempt > 0) log.info({ what: o.what, waitedMs: Date.now() - started }, "database is back; continuing");
      return result;
    } catch (err) {
      if (!isConnectionError(err) || o.stop?.() || (o.maxWaitMs !== undefined && Date.now() - started > o.maxWaitMs)) throw err;
      if (attempt === 0) log.warn({ what: o.what, reason: outageReason(err) }, "database unavailable; retrying with backoff");
      await new Promise((r) => setTimeout(r, backoff(attempt, o.baseMs ?? 250, o.capMs ?? 5000)));
    }
  }
}

/** Exponential backoff with ±25% jitter, capped. */
export function backoff(attempt: number, baseMs: number, capMs: number): number {
  const raw = Math.min(capMs, baseMs * 2 ** attempt);
  return Math.round(raw * (0.75 + Math.random() * 0.5));
}
