import OpenAI from "openai";
import type pg from "pg";
import { pool as defaultPool } from "@/lib/db/client";
import { endpointConfig, type EndpointConfig } from "./config";
import { backoffMs, classifyFailure, isRetryable, ModelCallError } from "./errors";
import { nodeFetch } from "./http-fetch";
import { SlotLimiter, type SlotLimiterOptions } from "./limits";
import type { ChatMessage } from "./prompts";
import { UsageWindow } from "./usage-window";

// Every model call goes through here: the official openai SDK (any OpenAI-compatible server)
// with its own retries off, because ours must release the endpoint's concurrency slot while
// backing off and honour Retry-After across the whole process, which the SDK cannot.

export interface ChatRequest {
  messages: ChatMessage[];
  n?: number;
  temperature?: number;
  maxTokens?: number;
}

export interface ChatResult {
  /** Exactly n answers, in order. */
  choices: string[];
  promptTokens: number;
  completionTokens: number;
  /** Time the successful HTTP attempt(s) took; queueing and backoff excluded. */
  latencyMs: number;
  /** HTTP attempts made, retries included. */
  attempts: number;
}

export interface CallOptions {
  /** Per-attempt timeout (default 60 s). */
  timeoutMs?: number;
  /** Attempts before giving up (default 6; 1 = no retries). */
  maxAttempts?: number;
  /** First backoff step (default 250 ms), doubling up to backoffCapMs (default 20 s). */
  backoffMs?: number;
  backoffCapMs?: number;
  /** A Retry-After longer than this fails the call at once (default 60 s). */
  maxRetryAfterMs?: number;
  signal?: AbortSignal;
}

export interface GatewayOptions extends SlotLimiterOptions {
  pool?: pg.Pool;
}

type EndpointState = {
  version: string;
  client: OpenAI;
  window: UsageWindow | null;
  /** A 429/503 with Retry-After pauses every request of this process to the endpoint. */
  coolDownUntil: number;
};

export class Gateway {
  private readonly limiter: SlotLimiter;
  private readonly pool: pg.Pool;
  private readonly state = new Map<number, EndpointState>();

  constructor(opts: GatewayOptions = {}) {
    this.pool = opts.pool ?? defaultPool();
    this.limiter = new SlotLimiter({ ...opts, pool: this.pool });
  }

  async chat(endpointId: number, req: ChatRequest, opts: CallOptions = {}): Promise<ChatResult> {
    const config = await endpointConfig(endpointId);
    const n = req.n ?? 1;
    const out: ChatResult = { choices: [], promptTokens: 0, completionTokens: 0, latencyMs: 0, attempts: 0 };
    // Servers that ignore `n` (Ollama, llama.cpp) answer once: ask again for the rest.
    while (out.choices.length < n) {
      if (opts.signal?.aborted) throw cancelled(out.attempts);
      const r = await this.withRetries(config, { ...req, n: n - out.choices.length }, opts);
      out.choices.push(...r.choices.slice(0, n - out.choices.length));
      out.promptTokens += r.promptTokens;
      out.completionTokens += r.completionTokens;
      out.latencyMs += r.latencyMs;
      out.attempts += r.attempts;
    }
    return out;
  }

  private endpointState(config: EndpointConfig, timeoutMs: number): EndpointState {
    let s = this.state.get(config.id);
    if (!s || s.version !== config.version) {
      const limited = config.requestsPerMinute !== null || config.tokensPerMinute !== null;
      s = {
        version: config.version,
        client: new OpenAI({
          baseURL: config.baseUrl,
          // The SDK insists on a key; servers that need none ignore the header.
          apiKey: config.apiKey ?? "no-key",
          maxRetries: 0,
          timeout: timeoutMs,
          fetch: nodeFetch as unknown as typeof fetch,
        }),
        window: limited ? new UsageWindow(this.pool, config.id, config) : null,
        coolDownUntil: s?.coolDownUntil ?? 0,
      };
      this.state.set(config.id, s);
    }
    return s;
  }

  private async withRetries(config: EndpointConfig, req: ChatRequest & { n: number }, opts: CallOptions): Promise<ChatResult> {
    const timeoutMs = opts.timeoutMs ?? 60_000;
    const maxAttempts = Math.max(1, opts.maxAttempts ?? 6);
    const s = this.endpointState(config, timeoutMs);
    for (let attempt = 1; ; attempt++) {
      const pause = s.coolDownUntil - Date.now();
      if (pause > 0) await sleep(pause, opts.signal);
      if (s.window) await s.window.acquire(opts.signal).catch(() => Promise.reject(cancelled(attempt)));
      const slots = this.limiter.forEndpoint(config.id, config.maxConcurrent);
      const slot = await slots.acquire(opts.signal);
      const started = performance.now();
      let failure;
      try {
        const r = await this.attempt(s.client, config, req, timeoutMs, opts.signal);
        s.window?.record(r.promptTokens + r.completionTokens);
        return { ...r, latencyMs: Math.round(performance.now() - started), attempts: attempt };
      } catch (err) {
        if (opts.signal?.aborted) throw cancelled(attempt);
        failure = classifyFailure(err);
      } finally {
        slots.release(slot);
      }
      const e = failure.error;
      const message = redact(e.message, config.apiKey);
      const tooLong = failure.retryAfterMs !== undefined && failure.retryAfterMs > (opts.maxRetryAfterMs ?? 60_000);
      if (!isRetryable(e.kind) || attempt >= maxAttempts || tooLong) {
        const suffix = attempt > 1 ? ` (after ${attempt} attempts)` : "";
        throw new ModelCallError(e.kind, message + suffix, e.status, attempt);
      }
      const wait = failure.retryAfterMs ?? backoffMs(attempt, opts.backoffMs ?? 250, opts.backoffCapMs ?? 20_000);
      if (failure.retryAfterMs !== undefined) s.coolDownUntil = Math.max(s.coolDownUntil, Date.now() + failure.retryAfterMs);
      await sleep(wait, opts.signal);
    }
  }

  private async attempt(client: OpenAI, config: EndpointConfig, req: ChatRequest & { n: number }, timeoutMs: number, signal?: AbortSignal) {
    const completion: unknown = await client.chat.completions.create(
      {
        model: config.model,
        messages: req.messages,
        n: req.n,
        ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
        ...(req.maxTokens !== undefined ? { max_tokens: req.maxTokens } : {}),
      },
      { timeout: timeoutMs, signal },
    );
    return readCompletion(completion, req.messages);
  }

  /** Give back every held slot (call on graceful shutdown). */
  close(): Promise<void> {
    return this.limiter.close();
  }
}

/** Choices and usage from a completion body; anything off-spec is "malformed". */
function readCompletion(body: unknown, messages: ChatMessage[]) {
  const b = body as { choices?: unknown; usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } } | string | null;
  if (!b || typeof b !== "object" || !Array.isArray(b.choices) || b.choices.length === 0) {
    throw new ModelCallError("malformed", "Response has no choices");
  }
  const choices = b.choices.map((c: { message?: { content?: unknown } }, i: number) => {
    const content = c?.message?.content;
    if (typeof content !== "string") throw new ModelCallError("malformed", `Choice ${i} has no content`);
    return content;
  });
  const promptTokens = num(b.usage?.prompt_tokens) ?? Math.ceil(messages.reduce((a, m) => a + m.content.length, 0) / 4);
  const completionTokens = num(b.usage?.completion_tokens) ?? Math.ceil(choices.reduce((a, c) => a + c.length, 0) / 4);
  return { choices, promptTokens, completionTokens };
}

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

/** Error text never carries the key, whatever the server echoed back. */
function redact(message: string, key: string | null): string {
  return key && key.length >= 4 ? message.split(key).join("[redacted]") : message;
}

const cancelled = (attempts = 1) => new ModelCallError("client_error", "Cancelled", undefined, attempts);

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(t), reject(cancelled())), { once: true });
  });
}

// The process-wide gateway: one set of slot leases per process, shared by every caller.
const g = globalThis as unknown as { __edgewiseGateway?: Gateway };
const gateway = () => (g.__edgewiseGateway ??= new Gateway());

/** Call a chat model through the endpoint's limits and retries (ADR 0005). */
export const chat = (endpointId: number, req: ChatRequest, opts?: CallOptions): Promise<ChatResult> =>
  gateway().chat(endpointId, req, opts);

/** Release this process's slot leases (worker shutdown). */
export async function closeGateway(): Promise<void> {
  await g.__edgewiseGateway?.close();
  g.__edgewiseGateway = undefined;
}
