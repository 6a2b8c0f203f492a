import { z } from "zod";

// What a chat request to one endpoint may carry (issue 15, ADR 0026). Real providers differ:
// Groq and some reasoning models refuse n > 1, OpenAI's reasoning models refuse max_tokens (they
// take max_completion_tokens) and any temperature but the default, Ollama and llama.cpp
// ignore n. Each endpoint has a setting per quirk; "auto" starts with the most common request
// and adapts ONCE to a 400 that names the parameter, and the lesson is stored
// (model_endpoint.protocol_learned) so no later request pays for it again. Pure: no I/O.

export const samplesPerRequestModes = ["auto", "1", "k"] as const;
export const tokenParamModes = ["auto", "max_tokens", "max_completion_tokens"] as const;
export const temperatureModes = ["auto", "send", "omit"] as const;
export const reasoningEfforts = ["low", "medium", "high"] as const;
export type SamplesPerRequest = (typeof samplesPerRequestModes)[number];
export type TokenParamMode = (typeof tokenParamModes)[number];
export type TemperatureMode = (typeof temperatureModes)[number];
export type ReasoningEffort = (typeof reasoningEfforts)[number];
export type TokenParam = Exclude<TokenParamMode, "auto">;

/** What "auto" learned from the provider; each entry says when and why. */
export const learnedSchema = z
  .object({
    /** n > 1 refused (a 400) or ignored (one choice back): send n = 1 requests. */
    singleSample: z.object({ at: z.string(), why: z.enum(["refused", "ignored"]) }).optional(),
    tokenParam: z.object({ at: z.string(), param: z.enum(["max_tokens", "max_completion_tokens"]) }).optional(),
    noTemperature: z.object({ at: z.string() }).optional(),
    /** A model that is no reasoning model refused reasoning_effort: sent without it. */
    noReasoningEffort: z.object({ at: z.string() }).optional(),
  })
  .catch({});
export type Learned = z.infer<typeof learnedSchema>;

export interface EndpointProtocol {
  samplesPerRequest: SamplesPerRequest;
  tokenParam: TokenParamMode;
  temperatureMode: TemperatureMode;
  thinkOpen: string;
  thinkClose: string;
  learned: Learned;
}

export const DEFAULT_PROTOCOL: EndpointProtocol = {
  samplesPerRequest: "auto", tokenParam: "auto", temperatureMode: "auto", thinkOpen: "<think>", thinkClose: "</think>", learned: {},
};

/** Whether a request may ask for several choices (n > 1). */
export const sendsSeveralSamples = (p: EndpointProtocol) =>
  p.samplesPerRequest === "k" || (p.samplesPerRequest === "auto" && !p.learned.singleSample);

export const tokenParamOf = (p: EndpointProtocol): TokenParam =>
  p.tokenParam !== "auto" ? p.tokenParam : (p.learned.tokenParam?.param ?? "max_tokens");

export const sendsTemperature = (p: EndpointProtocol) =>
  p.temperatureMode === "send" || (p.temperatureMode === "auto" && !p.learned.noTemperature);

export interface WireOptions {
  n: number;
  temperature?: number;
  maxTokens?: number;
  reasoningEffort?: ReasoningEffort | null;
}

/** The sampling fields of a request body, as this endpoint takes them. */
export function wireFields(p: EndpointProtocol, o: WireOptions): Record<string, unknown> {
  return {
    // n = 1 is the default everywhere: leaving it out keeps strict servers happy.
    ...(o.n > 1 ? { n: o.n } : {}),
    ...(o.temperature !== undefined && sendsTemperature(p) ? { temperature: o.temperature } : {}),
    ...(o.maxTokens !== undefined ? { [tokenParamOf(p)]: o.maxTokens } : {}),
    ...(o.reasoningEffort && !p.learned.noReasoningEffort ? { reasoning_effort: o.reasoningEffort } : {}),
  };
}

export type Adaptation = { kind: "singleSample" } | { kind: "tokenParam"; param: TokenParam } | { kind: "noTemperature" } | { kind: "noReasoningEffort" };

/**
 * The one change that answers a 400 to the request body `sent`, or null when the 400 is about
 * something else, the setting is not "auto", or this request already made that change (then
 * it is a plain client error, never retried: no ping-pong between two token parameters). The
 * parameter is read from the error's `param` (OpenAI, Groq) or named in its message.
 */
export function adaptationFor(
  p: EndpointProtocol,
  sent: Record<string, unknown>,
  err: { status?: number; param?: string | null; message: string },
  tried: ReadonlySet<Adaptation["kind"]> = new Set(),
): Adaptation | null {
  if (err.status !== 400 && err.status !== 422) return null;
  const names = (name: string) => err.param === name || new RegExp(`['"\`]${name}['"\`]|\\b${name}\\b\\s*(?:[><=:]|must|is|should|not|only|value)|(?:parameter|argument)[^.]{0,20}?['"\`]?\\b${name}\\b`, "i").test(err.message);
  if (typeof sent.n === "number" && sent.n > 1 && p.samplesPerRequest === "auto" && names("n")) return { kind: "singleSample" };
  const limit: TokenParam | null = "max_tokens" in sent ? "max_tokens" : "max_completion_tokens" in sent ? "max_completion_tokens" : null;
  if (limit && p.tokenParam === "auto" && !tried.has("tokenParam") && names(limit)) {
    return { kind: "tokenParam", param: limit === "max_tokens" ? "max_completion_tokens" : "max_tokens" };
  }
  if ("temperature" in sent && p.temperatureMode === "auto" && !tried.has("noTemperature") && names("temperature")) return { kind: "noTemperature" };
  // A run's effort reaches its teacher too: a model that takes none gets requests without it.
  if ("reasoning_effort" in sent && !tried.has("noReasoningEffort") && names("reasoning_effort")) return { kind: "noReasoningEffort" };
  return null;
}

/** The protocol after learning `a` at time `at`. */
export function learn(p: EndpointProtocol, a: Adaptation | { kind: "ignoresN" }, at = new Date().toISOString()): Learned {
  switch (a.kind) {
    case "singleSample":
      return { ...p.learned, singleSample: { at, why: "refused" } };
    case "ignoresN":
      return { ...p.learned, singleSample: { at, why: "ignored" } };
    case "tokenParam":
      return { ...p.learned, tokenParam: { at, param: a.param } };
    case "noTemperature":
      return { ...p.learned, noTemperature: { at } };
    case "noReasoningEffort":
      return { ...p.learned, noReasoningEffort: { at } };
  }
}

/** What was learned, in words for the settings page and the test result. */
export function describeLearned(l: Learned): string[] {
  const out: string[] = [];
  if (l.singleSample) out.push(l.singleSample.why === "refused" ? "refuses n > 1: asks for one sample per request" : "ignores n: asks for one sample per request");
  if (l.tokenParam) out.push(`limits tokens with ${l.tokenParam.param}`);
  if (l.noTemperature) out.push("takes no temperature: sent without one");
  if (l.noReasoningEffort) out.push("takes no reasoning_effort: sent without one");
  return out;
}
