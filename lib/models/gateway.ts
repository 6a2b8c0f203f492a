import type pg from "pg";
import { pool as defaultPool } from "@/lib/db/client";
import { completionsUrl, postChatCompletion } from "./chat-http";
import { endpointConfig, type EndpointConfig } from "./config";
import { readChoice, readUsage, type ChoiceDetail } from "./completion";
import { backoffMs, classifyFailure, isRetryable, ModelCallError } from "./errors";
import { SlotLimiter, type SlotLimiterOptions } from "./limits";
import type { ChatMessage } from "./prompts";
import { lessonPatch, storeLesson, type Lesson } from "./lessons";
import { adaptationFor, describeLearned, sendsSeveralSamples, wireFields, type Adaptation, type EndpointProtocol, type Learned, type ReasoningEffort } from "./protocol";
import { UsageWindow } from "./usage-window";

// Every model call goes through here: one POST to an OpenAI-compatible /chat/completions
// (chat-http.ts), with retries of our own, because they must release the endpoint's
// concurrency slot while backing off and honour Retry-After across the whole process.

export interface ChatRequest {
  messages: ChatMessage[];
  n?: number;
  temperature?: number;
  maxTokens?: number;
  /** Sent as reasoning_effort (reasoning models) when set. */
  reasoningEffort?: ReasoningEffort | null;
}

export interface ChatResult {
  /** n answers, in order, thinking removed (fewer only when `shortBy` says why). */
  choices: string[];
  /** The same choices with their thinking, finish reason and refusal (completion.ts). */
  details: ChoiceDetail[];
  promptTokens: number;
  /** Billed output, reasoning tokens included. */
  completionTokens: number;
  reasoningTokens: number;
  /** Choices per request came back one at a time and some requests failed: the failure. */
  shortBy: ModelCallError | null;
  /** What this call taught the gateway about the endpoint (describeLearned), e.g. for "Test connection". */
  learned: string[];
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
  url: URL;
  apiKey: string | null;
  window: UsageWindow | null;
  /** A 429/503 with Retry-After pauses every request of this process to the endpoint. */
  coolDownUntil: number;
  /** Lessons of this process not yet in the (cached) config; reset when the row is edited. */
  learned: Learned;
  /** Bumped per lesson: a call reports what it taught only when this moved. */
  lessons: number;
};

/** A 400 refused n > 1 (now learned): the caller asks again with n = 1 requests. */
class AskOneAtATime extends Error {}

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
    const s = this.endpointState(config);
    const lessonsBefore = s.lessons;
    const learnedBefore = s.learned; // replaced, never mutated, by learnFrom
    const n = req.n ?? 1;
    const out: ChatResult = {
      choices: [], details: [], promptTokens: 0, completionTokens: 0, reasoningTokens: 0, latencyMs: 0, attempts: 0, shortBy: null, learned: [],
    };
    const add = (r: Omit<ChatResult, "shortBy" | "learned">) => {
      const room = n - out.details.length;
      out.details.push(...r.details.slice(0, room));
      out.choices.push(...r.choices.slice(0, room));
      out.promptTokens += r.promptTokens;
      out.completionTokens += r.completionTokens;
      out.reasoningTokens += r.reasoningTokens;
      out.latencyMs += r.latencyMs;
      out.attempts += r.attempts;
    };
    while (out.details.length < n && !out.shortBy) {
      if (opts.signal?.aborted) throw cancelled(out.attempts);
      const missing = n - out.details.length;
      const protocol = protocolOf(config, s);
      if (missing > 1 && !sendsSeveralSamples(protocol)) {
        // One sample per request, in parallel (each through the endpoint's limits). Answers that
        // came back are kept even when another request failed; the failure says why the rest is missing.
        const settled = await Promise.allSettled(Array.from({ length: missing }, () => this.withRetries(config, s, { ...req, n: 1 }, opts)));
        if (opts.signal?.aborted) throw cancelled(out.attempts); // a stop is not the endpoint's failure
        for (const r of settled) if (r.status === "fulfilled") add(r.value);
        const failed = settled.find((r): r is PromiseRejectedResult => r.status === "rejected");
        if (failed && out.details.length === 0) throw failed.reason;
        if (failed) out.shortBy = failed.reason instanceof ModelCallError ? failed.reason : classifyFailure(failed.reason).error;
        continue;
      }
      let r;
      try {
        r = await this.withRetries(config, s, { ...req, n: missing }, opts);
      } catch (err) {
        if (err instanceof AskOneAtATime) continue;
        throw err;
      }
      // Servers that ignore `n` (Ollama, llama.cpp) answer once: remembered under "auto", so the
      // rest — and every later request — goes out as n = 1 requests in parallel, not one by one.
      if (missing > 1 && r.details.length === 1 && protocol.samplesPerRequest === "auto") await this.learnFrom(config, s, { kind: "ignoresN" });
      add(r);
    }
    if (s.lessons !== lessonsBefore) {
      const fresh = Object.fromEntries(Object.entries(s.learned).filter(([k, v]) => learnedBefore[k as keyof Learned] !== v));
      out.learned = describeLearned(fresh as Learned);
    }
    return out;
  }

  /** Remember a lesson in this process at once, and in the endpoint's row for every other one. */
  private async learnFrom(config: EndpointConfig, s: EndpointState, lesson: Lesson): Promise<void> {
    // Requests in flight together all meet the same 400: the first one stores the lesson.
    const patch = lessonPatch(protocolOf(config, s), lesson);
    if (!patch) return;
    s.learned = { ...s.learned, ...patch };
    s.lessons++;
    await storeLesson(config.id, patch, this.pool);
  }

  private endpointState(config: EndpointConfig): EndpointState {
    let s = this.state.get(config.id);
    if (!s || s.version !== config.version) {
      const limited = config.requestsPerMinute !== null || config.tokensPerMinute !== null;
      s = {
        version: config.version,
        url: completionsUrl(config.baseUrl),
        apiKey: config.apiKey,
        window: limited ? new UsageWindow(this.pool, config.id, config) : null,
        coolDownUntil: s?.coolDownUntil ?? 0,
        learned: {},
        lessons: 0,
      };
      this.state.set(config.id, s);
    }
    return s;
  }

  private async withRetries(config: EndpointConfig, s: EndpointState, req: ChatRequest & { n: number }, opts: CallOptions) {
    const timeoutMs = opts.timeoutMs ?? 60_000;
    const maxAttempts = Math.max(1, opts.maxAttempts ?? 6);
    // Adapting to a 400 (protocol.ts) is not a retry: it happens at most once per kind and
    // does not use up the attempts a flaky server gets.
    const tried = new Set<Adaptation["kind"]>();
    for (let attempt = 1; ; attempt++) {
      const pause = s.coolDownUntil - Date.now();
      if (pause > 0) await sleep(pause, opts.signal);
      if (s.window) await s.window.acquire(opts.signal).catch(() => Promise.reject(cancelled(attempt)));
      const slots = this.limiter.forEndpoint(config.id, config.maxConcurrent);
      const slot = await slots.acquire(opts.signal);
      const started = performance.now();
      const protocol = protocolOf(config, s);
      const body = {
        model: config.model,
        messages: req.messages,
        ...wireFields(protocol, { n: req.n, temperature: req.temperature, maxTokens: req.maxTokens, reasoningEffort: req.reasoningEffort }),
      };
      let failure;
      let raw: unknown;
      try {
        const completion = await postChatCompletion(s.url, s.apiKey, body, { timeoutMs, signal: opts.signal });
        const r = readCompletion(completion, req.messages, protocol);
        s.window?.record(r.promptTokens + r.completionTokens);
        return { ...r, latencyMs: Math.round(performance.now() - started), attempts: attempt };
      } catch (err) {
        if (opts.signal?.aborted) throw cancelled(attempt);
        raw = err;
        failure = classifyFailure(err);
      } finally {
        slots.release(slot);
      }
      const e = failure.error;
      const message = redact(e.message, config.apiKey);
      const adapt = e.kind === "client_error" ? adaptationFor(protocol, body, { status: e.status, param: (raw as { param?: string | null }).param, message }, tried) : null;
      if (adapt) {
        tried.add(adapt.kind);
        await this.learnFrom(config, s, adapt);
        if (adapt.kind === "singleSample") throw new AskOneAtATime();
        attempt--;
        continue;
      }
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

  /** Give back every held slot (call on graceful shutdown). */
  close(): Promise<void> {
    return this.limiter.close();
  }
}

/** Choices and usage from a completion body; anything off-spec is "malformed". */
function readCompletion(body: unknown, messages: ChatMessage[], protocol: EndpointProtocol) {
  const b = body as { choices?: unknown; usage?: unknown } | string | null;
  if (!b || typeof b !== "object" || !Array.isArray(b.choices) || b.choices.length === 0) {
    throw new ModelCallError("malformed", "Response has no choices");
  }
  const details = b.choices.map((c: unknown, i: number) => {
    const d = readChoice(c, { open: protocol.thinkOpen, close: protocol.thinkClose });
    if (!d) throw new ModelCallError("malformed", `Choice ${i} has no content`);
    return d;
  });
  const usage = readUsage(b.usage, messages.map((m) => m.content).join(""), details);
  return { choices: details.map((d) => d.text), details, ...usage };
}

/** The endpoint's protocol with what this process learned since the config was read. */
const protocolOf = (config: EndpointConfig, s: EndpointState): EndpointProtocol => ({
  ...config.protocol,
  learned: { ...config.protocol.learned, ...s.learned },
});

/** Error text never carries the key, whatever the server echoed back. */
function redact(message: string, key: string | null): string {
  return key && key.length >= 4 ? message.split(key).join("[redacted]") : message;
}

const cancelled = (attempts = 1) => new ModelCallError("client_error", "Cancelled", undefined, attempts);

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const onAbort = () => (clearTimeout(t), reject(cancelled()));
    // Taken off when the wait ends, so waits do not pile listeners onto the run's signal.
    const t = setTimeout(() => (signal?.removeEventListener("abort", onAbort), resolve()), ms);
    signal?.addEventListener("abort", onAbort, { once: true });
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
