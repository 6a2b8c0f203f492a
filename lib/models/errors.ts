import { ConnectionError, ConnectionTimeoutError, HttpStatusError, type HeaderReader } from "./chat-http";

// What a model call can fail with, after the gateway's own retries (ADR 0005). Scoring stores
// `kind` on the sample, so errors by kind can be counted per run.

export const modelErrorKinds = ["rate_limited", "server_error", "timeout", "malformed", "connection", "client_error"] as const;
export type ModelErrorKind = (typeof modelErrorKinds)[number];

export class ModelCallError extends Error {
  constructor(
    readonly kind: ModelErrorKind,
    message: string,
    readonly status?: number,
    /** How many HTTP attempts were made before giving up. */
    readonly attempts = 1,
  ) {
    super(message);
    this.name = "ModelCallError";
  }
}

/** Retryable failures: the next attempt may well succeed. Client errors never do. */
export const isRetryable = (kind: ModelErrorKind) => kind !== "client_error";

export interface ClassifiedFailure {
  error: ModelCallError;
  /** From Retry-After / retry-after-ms on a 429 or 503, when the server said. */
  retryAfterMs?: number;
}

/** Map anything the HTTP call (chat-http.ts) or our response checks threw to a ModelCallError. */
export function classifyFailure(err: unknown, now = Date.now()): ClassifiedFailure {
  if (err instanceof ModelCallError) return { error: err };
  if (err instanceof ConnectionTimeoutError) return { error: new ModelCallError("timeout", "Request timed out") };
  if (err instanceof ConnectionError) {
    const cause = (err.cause as { message?: string; code?: string } | undefined) ?? {};
    return { error: new ModelCallError("connection", `Connection failed: ${cause.code ?? cause.message ?? err.message}`) };
  }
  if (err instanceof HttpStatusError) {
    const status = err.status;
    const message = `${status} ${err.message.replace(/^\d{3}\s*/, "")}`.trim();
    const retryAfterMs = parseRetryAfter(err.headers, now);
    if (status === 429) return { error: new ModelCallError("rate_limited", message, status), retryAfterMs };
    if (status === 408) return { error: new ModelCallError("timeout", message, status) };
    if (status >= 500) return { error: new ModelCallError("server_error", message, status), retryAfterMs };
    return { error: new ModelCallError("client_error", message, status) };
  }
  if (err instanceof SyntaxError) return { error: new ModelCallError("malformed", `Response is not valid JSON: ${err.message}`) };
  const message = err instanceof Error ? err.message : String(err);
  return { error: new ModelCallError("connection", message) };
}

/**
 * Retry-After as milliseconds from now: OpenAI's retry-after-ms, or the standard header in
 * seconds or as an HTTP date. Undefined when absent or unreadable.
 */
export function parseRetryAfter(headers: HeaderReader | undefined, now = Date.now()): number | undefined {
  const ms = headers?.get("retry-after-ms");
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers?.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Exponential backoff with "equal jitter": half the step fixed, half random, capped. */
export function backoffMs(attempt: number, baseMs: number, capMs: number, random = Math.random): number {
  const step = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return step / 2 + random() * (step / 2);
}
