import { approxTokens } from "./profile";

// Provider quirks the simulator can play (issue 15), so tests and the demo meet what real
// endpoints do: Ollama and llama.cpp ignore n, Groq refuses n > 1, OpenAI's reasoning models
// refuse max_tokens and any temperature but 1, vLLM's reasoning parser and DeepSeek return
// thinking in reasoning_content, R1-style models write it in <think> tags, answers stop at the
// token limit with finish_reason "length", and a model may refuse (content null + refusal).

export const nModes = ["honour", "ignore", "refuse"] as const;
export const reasoningStyles = ["none", "think", "reasoning_content", "reasoning"] as const;

export interface Quirks {
  /** What n > 1 gets: every choice (default), one choice, or a 400. */
  n: (typeof nModes)[number];
  /** 400 on max_tokens (the model takes max_completion_tokens only). */
  refuseMaxTokens: boolean;
  /** 400 on any temperature but 1 (reasoning models take only the default). */
  refuseTemperature: boolean;
  /** Where the thinking goes: nowhere, <think> tags in content, or a reasoning field. */
  reasoning: (typeof reasoningStyles)[number];
  /** About how many tokens of thinking precede each answer; they count against the token limit. */
  reasoningTokens: number;
  /** Share of choices refused (content null, message.refusal set). */
  rateRefusal: number;
  /** Share of choices stopped by a content filter (finish_reason "content_filter", no content). */
  rateContentFilter: number;
}

export const DEFAULT_QUIRKS: Quirks = {
  n: "honour", refuseMaxTokens: false, refuseTemperature: false, reasoning: "none", reasoningTokens: 60, rateRefusal: 0, rateContentFilter: 0,
};

/**
 * A model named like a reasoning model ("sim-reasoner") plays one on any simulator, whatever
 * its switches: o3-mini's request rules, thinking in reasoning_content. So the demo shows a
 * reasoning model next to the plain one without a second simulator process.
 */
export const REASONER_QUIRKS: Partial<Quirks> = { refuseMaxTokens: true, refuseTemperature: true, reasoning: "reasoning_content", reasoningTokens: 80 };
export const isReasonerModel = (model: string) => /reason/i.test(model);
export const quirksFor = (q: Quirks, model: string): Quirks => (isReasonerModel(model) ? { ...q, ...REASONER_QUIRKS } : q);

export function pickQuirks(o: Partial<Quirks>): Partial<Quirks> {
  const out: Partial<Quirks> = {};
  for (const k of Object.keys(DEFAULT_QUIRKS) as (keyof Quirks)[]) if (o[k] !== undefined) (out as Record<string, unknown>)[k] = o[k];
  return out;
}

/** The 400 a quirky provider answers this request with, in the words and `param` OpenAI and Groq use. */
export function refusal(q: Quirks, req: { n?: number; temperature?: number; max_tokens?: number | null }): { message: string; param: string } | null {
  if (q.n === "refuse" && (req.n ?? 1) > 1) return { message: "'n' : number must be at most 1", param: "n" };
  if (q.refuseMaxTokens && req.max_tokens != null) {
    return { message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", param: "max_tokens" };
  }
  if (q.refuseTemperature && req.temperature !== undefined && req.temperature !== 1) {
    return { message: `Unsupported value: 'temperature' does not support ${req.temperature} with this model. Only the default (1) value is supported.`, param: "temperature" };
  }
  return null;
}

/** How many choices a request with `n` gets back. */
export const choicesFor = (q: Quirks, n: number) => (q.n === "ignore" ? 1 : n);

export interface ShapedChoice {
  message: { role: "assistant"; content: string | null; refusal?: string; reasoning_content?: string; reasoning?: string };
  finish_reason: string;
  tokens: number;
  reasoningTokens: number;
}

/**
 * One choice as the quirky provider writes it. `decoy` is thinking that mentions another
 * answer (the verifier must never read it); the thinking and then the answer share `maxTokens`.
 */
export function shapeChoice(q: Quirks, answer: string, decoy: string, maxTokens: number, random: () => number): ShapedChoice {
  const roll = random();
  if (roll < q.rateRefusal) {
    const words = "I'm sorry, but I can't help with that.";
    return { message: { role: "assistant", content: null, refusal: words }, finish_reason: "stop", tokens: approxTokens(words), reasoningTokens: 0 };
  }
  if (roll < q.rateRefusal + q.rateContentFilter) return { message: { role: "assistant", content: null }, finish_reason: "content_filter", tokens: 0, reasoningTokens: 0 };
  const budget = maxTokens * 4; // characters
  if (q.reasoning === "none") {
    const content = answer.slice(0, budget);
    return { message: { role: "assistant", content }, finish_reason: content.length < answer.length ? "length" : "stop", tokens: approxTokens(content), reasoningTokens: 0 };
  }
  const thinking = thinkingText(decoy, q.reasoningTokens);
  if (q.reasoning === "think") {
    const full = `<think>\n${thinking}\n</think>\n\n${answer}`;
    const content = full.slice(0, budget);
    const thought = Math.min(content.length, thinking.length + 16);
    return {
      message: { role: "assistant", content }, finish_reason: content.length < full.length ? "length" : "stop",
      tokens: approxTokens(content), reasoningTokens: approxTokens(content.slice(0, thought)),
    };
  }
  const shown = thinking.slice(0, budget);
  const content = answer.slice(0, Math.max(0, budget - shown.length));
  const cut = shown.length < thinking.length || content.length < answer.length;
  return {
    message: { role: "assistant", content: content || (cut ? null : ""), [q.reasoning]: shown },
    finish_reason: cut ? "length" : "stop",
    tokens: approxTokens(shown) + (content ? approxTokens(content) : 0), reasoningTokens: approxTokens(shown),
  };
}

/** About `tokens` tokens of thinking that end by weighing the decoy answer. */
function thinkingText(decoy: string, tokens: number): string {
  const step = "Let me work through this carefully. ";
  const pad = step.repeat(Math.max(0, Math.ceil((tokens * 4 - decoy.length) / step.length)));
  return `${pad}First attempt: ${decoy} Hmm, let me check that again.`;
}
