// Reading one chat completion choice the way every provider writes it (issue 15): the final
// answer, the thinking kept apart from it (a <think>…</think> block in content — or the
// endpoint's own tag pair — or a reasoning_content / reasoning field, as vLLM's reasoning
// parser and DeepSeek's API return), why it stopped, and a refusal. The live gateway and batch
// import both read choices through here, so a verifier never sees the thinking either way.
// Pure: no I/O.

export interface ChoiceDetail {
  /** The final answer, thinking removed ("" when there is none). */
  text: string;
  /** The thinking, or null when the model showed none. */
  reasoning: string | null;
  /** stop | length | content_filter | tool_calls | … as the endpoint said (null: not said). */
  finishReason: string | null;
  /** The model declined (message.refusal), with its words. */
  refusal: string | null;
  /** A thinking block was opened and never closed: whatever follows the opener is thinking. */
  unfinishedReasoning: boolean;
}

export interface ThinkTags {
  open: string;
  close: string;
}

const DEFAULT_TAGS: ThinkTags = { open: "<think>", close: "</think>" };

/**
 * Split content into thinking and answer. Several blocks are all thinking; a closer without an
 * opener (templates that put <think> in the prompt, as DeepSeek-R1's does) makes everything
 * before it thinking; an opener without a closer (cut off mid-thought) makes everything after
 * it thinking, so an answer that exists only inside unfinished reasoning is no answer.
 */
export function splitThinking(content: string, tags: ThinkTags = DEFAULT_TAGS): { answer: string; thinking: string | null; unfinished: boolean } {
  const { open, close } = tags;
  if (!open || !close || (!content.includes(open) && !content.includes(close))) return { answer: content, thinking: null, unfinished: false };
  const thoughts: string[] = [];
  let answer = "";
  let rest = content;
  let unfinished = false;
  const firstClose = rest.indexOf(close);
  const firstOpen = rest.indexOf(open);
  if (firstClose >= 0 && (firstOpen < 0 || firstClose < firstOpen)) {
    thoughts.push(rest.slice(0, firstClose));
    rest = rest.slice(firstClose + close.length);
  }
  for (;;) {
    const o = rest.indexOf(open);
    if (o < 0) {
      answer += rest;
      break;
    }
    answer += rest.slice(0, o);
    const c = rest.indexOf(close, o + open.length);
    if (c < 0) {
      thoughts.push(rest.slice(o + open.length));
      unfinished = true;
      break;
    }
    thoughts.push(rest.slice(o + open.length, c));
    rest = rest.slice(c + close.length);
  }
  const thinking = thoughts.map((t) => t.trim()).filter(Boolean).join("\n\n");
  return { answer: answer.trim(), thinking: thinking || null, unfinished };
}

const str = (v: unknown) => (typeof v === "string" ? v : null);

/**
 * One choice of a completion body, or null when it carries nothing usable (no content, no
 * refusal, and no stop that explains the missing content: a malformed answer).
 */
export function readChoice(choice: unknown, tags: ThinkTags = DEFAULT_TAGS): ChoiceDetail | null {
  const c = (choice ?? {}) as { message?: Record<string, unknown> | null; finish_reason?: unknown };
  const m = c.message ?? {};
  const content = str(m.content);
  const refusal = str(m.refusal) || null;
  const finishReason = str(c.finish_reason);
  const field = str(m.reasoning_content) ?? str(m.reasoning);
  // No content is fine when the model refused, was filtered, or spent its tokens thinking.
  if (content === null && !refusal && finishReason !== "content_filter" && !(finishReason === "length" && field !== null)) return null;
  const split = splitThinking(content ?? "", tags);
  const reasoning = [field?.trim() || null, split.thinking].filter((x): x is string => !!x).join("\n\n") || null;
  return { text: split.answer, reasoning, finishReason, refusal, unfinishedReasoning: split.unfinished };
}

export interface UsageCounts {
  promptTokens: number;
  /** Billed output, reasoning included (OpenAI counts reasoning inside completion_tokens). */
  completionTokens: number;
  reasoningTokens: number;
}

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : undefined);
const approx = (text: string) => Math.ceil(text.length / 4);

/** Usage of a completion body; estimated (~4 characters a token) where the endpoint said nothing. */
export function readUsage(usage: unknown, promptText: string, choices: ChoiceDetail[]): UsageCounts {
  const u = (usage ?? {}) as { prompt_tokens?: unknown; completion_tokens?: unknown; completion_tokens_details?: { reasoning_tokens?: unknown } | null };
  const reasoningTokens = num(u.completion_tokens_details?.reasoning_tokens) ?? 0;
  const reported = num(u.completion_tokens);
  const estimated = choices.reduce((a, c) => a + approx(c.text) + approx(c.reasoning ?? "") + approx(c.refusal ?? ""), 0);
  return {
    promptTokens: num(u.prompt_tokens) ?? approx(promptText),
    // A server that reports reasoning beside (not inside) the completion still bills both.
    completionTokens: reported === undefined ? estimated : Math.max(reported, reasoningTokens),
    reasoningTokens,
  };
}
