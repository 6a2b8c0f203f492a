import http from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { firstLine, JUDGE_SYSTEM_PROMPT, TRANSFORM_SYSTEM_PROMPT } from "@/lib/models/prompts";
import { addToAnswerKey, answerKeyOf, demoAnswerKey, type AnswerKey, type AnswerKeyEntry } from "./answer-key";
import { judgedProblem, judgeReply, targetAnswer, transformReply } from "./answers";
import { accuracyOf, approxTokens, seededRandom } from "./profile";
import { choicesFor, DEFAULT_QUIRKS, pickQuirks, quirksFor, refusal, shapeChoice, type Quirks } from "./quirks";
import { SIM_FINGERPRINT, SIM_UNKNOWN_HEADER } from "./unknown";

// A real OpenAI-compatible HTTP server (node:http, no framework) for tests, the demo and
// benchmarks. It answers chat completions with a per-prompt accuracy profile and injects the
// faults a real endpoint has: slow answers, 429 with Retry-After, 5xx and garbage bodies.

export interface Faults {
  /** Base latency of every completion, ms. */
  latencyMs: number;
  /** Extra latency, uniform in [0, jitter), ms. */
  latencyJitterMs: number;
  /** Share of requests answered 429 with Retry-After. */
  rate429: number;
  /** Share answered 500/502/503. */
  rate5xx: number;
  /** Share answered with an invalid JSON body or choices without content. */
  rateGarbage: number;
  /** Retry-After on a 429: seconds, sent as a number or as an HTTP date. */
  retryAfterSeconds: number;
  retryAfterFormat: "seconds" | "date";
}

export interface SimulatorOptions extends Partial<Faults> {
  /** Provider quirks to play (quirks.ts): n ignored or refused, reasoning, refusals, … */
  quirks?: Partial<Quirks>;
  port?: number;
  host?: string;
  /** Seeds fault decisions and sampling, so a run can be replayed. */
  seed?: number;
  /** Extra or replacement answers (bench prompts, test items). */
  answerKeys?: Iterable<{ prompt: string } & AnswerKeyEntry>;
  /** Skip the demo data's answers (default: included). */
  withDemoKey?: boolean;
  /** Require `Authorization: Bearer <apiKey>` (default: any or none). */
  apiKey?: string;
  /**
   * Where to look up a prompt the key does not hold (by answerKeyOf hash), e.g. the
   * database's references under `npm start`. Found answers join the key; misses are asked
   * again after a while (a pool may be imported after the simulator started).
   */
  lookup?: (promptKey: string) => Promise<AnswerKeyEntry | undefined>;
}

export interface SimulatorStats {
  requests: number;
  completions: number;
  inFlight: number;
  /** Highest number of chat requests in flight at once since start or reset. */
  maxInFlight: number;
  byStatus: Record<number, number>;
  /** Completions (200) written to a client still listening, and the choices they carried. */
  answered: number;
  answeredChoices: number;
  /** Answer requests for prompts the simulator had no answer for (answered with marked guesses). */
  guessed: number;
  /** Of `answered`: the time from each request's arrival to its answer, summed, and the shortest (null: none yet). */
  answerMsTotal: number;
  answerMsMin: number | null;
}

export interface Simulator {
  /** Base URL for OpenAI clients, ending in /v1. */
  url: string;
  port: number;
  close(): Promise<void>;
  addAnswerKey(entries: Iterable<{ prompt: string } & AnswerKeyEntry>): void;
  /** Change fault injection while running (e.g. a burst of 429s). */
  setFaults(f: Partial<Faults>): void;
  /** Change the provider quirks while running. */
  setQuirks(q: Partial<Quirks>): void;
  stats(): SimulatorStats;
  resetStats(): void;
}

/** How long a prompt the lookup did not find is taken as unknown before asking again. */
const MISS_TTL_MS = 15_000;

const DEFAULT_FAULTS: Faults = {
  latencyMs: 0,
  latencyJitterMs: 0,
  rate429: 0,
  rate5xx: 0,
  rateGarbage: 0,
  retryAfterSeconds: 1,
  retryAfterFormat: "seconds",
};

export const SIM_MODELS = ["sim-target", "sim-strong", "sim-reasoner"];

const chatSchema = z.object({
  model: z.string().min(1),
  messages: z.array(z.object({ role: z.string(), content: z.union([z.string(), z.null()]).optional() }).passthrough()).min(1),
  n: z.number().int().min(1).max(128).optional(),
  temperature: z.number().min(0).max(2).optional(),
  max_tokens: z.number().int().positive().nullish(),
  max_completion_tokens: z.number().int().positive().nullish(),
});
type ChatRequest = z.infer<typeof chatSchema>;
interface Completion {
  id: string;
  object: string;
  created: number;
  model: string;
  system_fingerprint: string;
  choices: { index: number; message: { role: string; content: string | null }; finish_reason: string; logprobs: null }[];
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number; completion_tokens_details?: { reasoning_tokens: number } };
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const faults: Faults = { ...DEFAULT_FAULTS, ...pickFaults(opts) };
  const globalQuirks: Quirks = { ...DEFAULT_QUIRKS, ...pickQuirks(opts.quirks ?? {}) };
  const key: AnswerKey = opts.withDemoKey === false ? new Map() : demoAnswerKey();
  if (opts.answerKeys) addToAnswerKey(key, opts.answerKeys);
  const seed = String(opts.seed ?? 1);
  const faultRandom = seededRandom(`faults:${seed}`);
  // How often each prompt was asked: part of the sampling seed, so asking the same prompt
  // again (k requests with n=1) draws new answers, while a whole run stays replayable.
  const asked = new Map<string, number>();
  const stats: SimulatorStats = {
    requests: 0, completions: 0, inFlight: 0, maxInFlight: 0, byStatus: {}, answered: 0, answeredChoices: 0, guessed: 0, answerMsTotal: 0, answerMsMin: null,
  };
  const misses = new Map<string, number>();

  /** The key's entry for a prompt, asking `lookup` for one it lacks (misses cached a while). */
  async function entryOf(promptKey: string): Promise<AnswerKeyEntry | undefined> {
    const known = key.get(promptKey);
    if (known || !opts.lookup) return known;
    if ((misses.get(promptKey) ?? 0) > Date.now()) return undefined;
    const found = await opts.lookup(promptKey).catch(() => undefined); // a database hiccup is a guess, not a 500
    if (found) {
      key.set(promptKey, found);
      misses.delete(promptKey);
    } else {
      if (misses.size > 100_000) misses.clear();
      misses.set(promptKey, Date.now() + MISS_TTL_MS);
    }
    return found;
  }

  const send = (res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
    if (res.destroyed) return;
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(body);
  };
  const error = (res: http.ServerResponse, status: number, message: string, type: string, headers?: Record<string, string>) =>
    send(res, status, JSON.stringify({ error: { message, type, code: null } }), headers);

  /** A completion, and whether its answers are guesses (the prompt was not in the key). */
  async function complete(req: ChatRequest): Promise<{ body: Completion; guessed: boolean }> {
    const quirks = quirksFor(globalQuirks, req.model);
    const system = req.messages.find((m) => m.role === "system")?.content ?? "";
    const user = [...req.messages].reverse().find((m) => m.role === "user")?.content ?? "";
    const maxTokens = req.max_completion_tokens ?? req.max_tokens ?? 4096;
    const promptKey = answerKeyOf(user);
    const count = asked.get(promptKey) ?? 0;
    asked.set(promptKey, count + 1);
    if (asked.size > 1_000_000) asked.clear(); // bound memory on endless benchmarks
    // Thinking (quirks.reasoning) weighs a decoy: the other answer, which no verifier may read.
    const texts: { text: string; decoy: string }[] = [];
    const n = choicesFor(quirks, req.n ?? 1);
    const temperature = req.temperature ?? 1;
    let guessed = false;
    if (system.startsWith(firstLine(JUDGE_SYSTEM_PROMPT))) {
      await entryOf(answerKeyOf(judgedProblem(user)));
      for (let i = 0; i < n; i++) texts.push({ text: judgeReply(user, key), decoy: "SCORE: 1" });
    } else if (system.startsWith(firstLine(TRANSFORM_SYSTEM_PROMPT))) {
      await entryOf(answerKeyOf(judgedProblem(user)));
      for (let i = 0; i < n; i++) texts.push({ text: transformReply(user, key), decoy: "" });
    } else {
      const entry = await entryOf(promptKey);
      guessed = !entry;
      const p = entry ? accuracyOf(promptKey, req.model) : 0;
      for (let i = 0; i < n; i++) {
        // Temperature 0 is greedy: every choice is the model's single most likely answer.
        const r = seededRandom(temperature === 0 ? `${seed}:${req.model}:${promptKey}` : `${seed}:${req.model}:${promptKey}:${count}:${i}`);
        const correct = temperature === 0 ? p >= 0.5 : r() < p;
        texts.push({ text: targetAnswer(entry, user, correct, r), decoy: quirks.reasoning === "none" ? "" : targetAnswer(entry, user, !correct, r) });
      }
    }
    const promptTokens = approxTokens(req.messages.map((m) => m.content ?? "").join("\n"));
    let completionTokens = 0;
    let reasoningTokens = 0;
    const choices = texts.map(({ text, decoy }, index) => {
      const shaped = shapeChoice(quirks, text, decoy, maxTokens, seededRandom(`quirk:${seed}:${promptKey}:${count}:${index}`));
      completionTokens += shaped.tokens;
      reasoningTokens += shaped.reasoningTokens;
      return { index, message: shaped.message, finish_reason: shaped.finish_reason, logprobs: null };
    });
    const body = {
      id: `chatcmpl-sim-${stats.requests}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: req.model,
      system_fingerprint: guessed ? SIM_FINGERPRINT.guessed : SIM_FINGERPRINT.known,
      choices,
      usage: {
        prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens,
        ...(quirks.reasoning !== "none" ? { completion_tokens_details: { reasoning_tokens: reasoningTokens } } : {}),
      },
    };
    return { body, guessed };
  }

  /**
   * Answer one chat request `latency` after it arrived, as a model server with that latency
   * would: the answer is worked out while the latency runs (not after it), and the wait is
   * counted from the request's arrival, so the simulator's own parsing and answering do not
   * add to the latency it claims (bench:scoring's bound assumes exactly that latency).
   */
  async function chat(res: http.ServerResponse, raw: string, arrivedAt: number): Promise<void> {
    let parsed: ChatRequest;
    try {
      parsed = chatSchema.parse(JSON.parse(raw));
    } catch (err) {
      const msg = err instanceof z.ZodError ? err.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") : "body is not valid JSON";
      return error(res, 400, `Invalid request: ${msg}`, "invalid_request_error");
    }
    const refused = refusal(quirksFor(globalQuirks, parsed.model), parsed);
    if (refused) return send(res, 400, JSON.stringify({ error: { message: refused.message, type: "invalid_request_error", param: refused.param, code: null } }));
    const delay = faults.latencyMs + faults.latencyJitterMs * faultRandom();
    // Unused when the roll below is a fault (faults are decided after the wait, so a change
    // of faults while requests wait applies to them, as a provider's would).
    const answer = complete(parsed);
    answer.catch(() => {}); // awaited below or dropped with the fault
    await notBefore(arrivedAt + delay);
    const roll = faultRandom();
    if (roll < faults.rate429) {
      const retryAfter =
        faults.retryAfterFormat === "date"
          ? new Date(Date.now() + faults.retryAfterSeconds * 1000).toUTCString()
          : String(faults.retryAfterSeconds);
      return error(res, 429, "Rate limit reached (simulated)", "rate_limit_error", { "retry-after": retryAfter });
    }
    if (roll < faults.rate429 + faults.rate5xx) {
      const status = [500, 502, 503][Math.floor(faultRandom() * 3)];
      return error(res, status, `Upstream failure (simulated ${status})`, "server_error");
    }
    if (roll < faults.rate429 + faults.rate5xx + faults.rateGarbage) {
      if (faultRandom() < 0.5) return send(res, 200, '{"id": "chatcmpl-garbage", "choices": [{"message": ');
      const { body } = await answer;
      for (const c of body.choices) delete (c.message as { content?: string }).content;
      return send(res, 200, JSON.stringify(body));
    }
    const { body, guessed } = await answer;
    stats.completions += body.choices.length;
    if (guessed) stats.guessed++;
    // What a stopped run may still record is bounded by this (tests of pause and cancel).
    if (!res.destroyed && res.socket?.destroyed === false) {
      stats.answered++;
      stats.answeredChoices += body.choices.length;
      const took = performance.now() - arrivedAt;
      stats.answerMsTotal += took;
      stats.answerMsMin = Math.min(stats.answerMsMin ?? took, took);
    }
    send(res, 200, JSON.stringify(body), { [SIM_UNKNOWN_HEADER]: guessed ? "1" : "0" });
  }

  const server = http.createServer((req, res) => {
    stats.requests++;
    const url = (req.url ?? "/").split("?")[0].replace(/\/+$/, "");
    if (opts.apiKey && req.headers.authorization !== `Bearer ${opts.apiKey}`) {
      return error(res, 401, "Incorrect API key provided (simulated)", "invalid_request_error");
    }
    if (req.method === "GET" && url === "/v1/models") {
      const data = SIM_MODELS.map((id) => ({ id, object: "model", created: 0, owned_by: "edgewise-simulator" }));
      return send(res, 200, JSON.stringify({ object: "list", data }));
    }
    if (req.method === "POST" && url === "/v1/chat/completions") {
      const arrivedAt = performance.now();
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        stats.inFlight++;
        stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
        // In flight until answered or until the client gave up (a timed-out request is over
        // for the client, even while its simulated latency is still running here).
        let counted = true;
        const done = () => {
          if (counted) stats.inFlight--;
          counted = false;
        };
        res.once("close", done);
        chat(res, Buffer.concat(chunks).toString("utf8"), arrivedAt)
          .catch(() => error(res, 500, "simulator bug", "server_error"))
          .finally(done);
      });
      return;
    }
    error(res, 404, `No route ${req.method} ${url}`, "invalid_request_error");
  });
  server.keepAliveTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.host && opts.host !== "0.0.0.0" ? opts.host : "127.0.0.1";

  return {
    url: `http://${host}:${port}/v1`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    addAnswerKey: (entries) => addToAnswerKey(key, entries),
    setFaults: (f) => Object.assign(faults, pickFaults(f)),
    setQuirks: (q) => Object.assign(globalQuirks, pickQuirks(q)),
    stats: () => ({ ...stats, byStatus: { ...stats.byStatus } }),
    resetStats: () =>
      Object.assign(stats, {
        requests: 0, completions: 0, maxInFlight: stats.inFlight, byStatus: {}, answered: 0, answeredChoices: 0, guessed: 0, answerMsTotal: 0, answerMsMin: null,
      }),
  };
}

/**
 * Resolve at `due` (a performance.now() time) or just after, never before. A Node timer
 * counts from the loop's clock, read when the loop turn began, so it can fire up to a turn
 * early; the rest is waited out in setImmediate turns (other requests' I/O runs between
 * them). Waiting for a second timer instead would add a millisecond to most answers.
 */
function notBefore(due: number): Promise<void> {
  return new Promise((resolve) => {
    const check = () => (performance.now() >= due ? resolve() : setImmediate(check));
    const ms = due - performance.now();
    if (ms > 0) setTimeout(check, Math.ceil(ms));
    else resolve();
  });
}

function pickFaults(o: Partial<Faults>): Partial<Faults> {
  const out: Partial<Faults> = {};
  for (const k of Object.keys(DEFAULT_FAULTS) as (keyof Faults)[]) if (o[k] !== undefined) (out as Record<string, unknown>)[k] = o[k];
  return out;
}
