import { z } from "zod";

// The system prompts Edgewise sends for judge and transform calls, and the builders of their
// user messages. The simulator recognises a call by its system prompt's opening line (so keep
// each first line stable), and reads the tagged sections of the user message to answer.

export const JUDGE_SYSTEM_PROMPT = [
  "You are Edgewise's grading judge.",
  "Compare a model's response to a reference answer for the problem given.",
  'Reply with one JSON object only: {"verdict": "correct"|"incorrect"|"unsure", "correct": true|false, "score": 1-10, "reason": "<one short sentence>"}.',
  "`verdict` says whether the response's final answer matches the reference (for a proof or a",
  'free-form answer: whether it reaches the same result soundly); "unsure" when you cannot tell.',
  '`correct` is true exactly when `verdict` is "correct". `score` rates the',
  "reasoning the problem needs (1 = trivial recall, 10 = long multi-step reasoning).",
].join("\n");

export const TRANSFORM_SYSTEM_PROMPT = [
  "You are Edgewise's problem rewriter.",
  "Rewrite the problem into a variant whose answer is short and checkable (a number, an",
  "expression, or a letter), keeping what makes it hard. Do not include the solution.",
  'Reply with one JSON object only: {"prompt": "<the rewritten problem>", "answer": "<its final answer>"}.',
].join("\n");

/** The first line identifies the kind of call (what the simulator matches on). */
export const firstLine = (s: string) => s.split("\n", 1)[0];

export type ChatMessage = { role: "system" | "user" | "assistant"; content: string };

/** Sections are tagged, so a prompt that itself contains headings cannot confuse a parser. */
function section(tag: string, body: string): string {
  return `<${tag}>\n${body}\n</${tag}>`;
}

/** The text between <tag> and </tag> (the last pair), or null. */
export function readSection(text: string, tag: string): string | null {
  const open = `<${tag}>\n`;
  const close = `\n</${tag}>`;
  const start = text.indexOf(open);
  const end = text.lastIndexOf(close);
  return start >= 0 && end >= start + open.length - 1 ? text.slice(start + open.length, end) : null;
}

export interface JudgeInput {
  prompt: string;
  reference: string | null;
  response: string;
  /** Extra grading instructions (the run's judge rubric). */
  rubric?: string | null;
}

export function judgeUserMessage(i: JudgeInput): string {
  return [
    section("problem", i.prompt),
    section("reference", i.reference ?? "(none: judge the response on its own merits)"),
    section("response", i.response),
    ...(i.rubric ? [section("rubric", i.rubric)] : []),
  ].join("\n\n");
}

export const judgeMessages = (i: JudgeInput): ChatMessage[] => [
  { role: "system", content: JUDGE_SYSTEM_PROMPT },
  { role: "user", content: judgeUserMessage(i) },
];

export interface TransformInput {
  prompt: string;
  /** The parent's reference answer, when it has one. */
  answer?: string | null;
  /** The domain's editable template: extra instructions for the rewrite. */
  template?: string | null;
}

export function transformUserMessage(i: TransformInput): string {
  return [
    section("problem", i.prompt),
    ...(i.answer ? [section("answer", i.answer)] : []),
    ...(i.template ? [section("instructions", i.template)] : []),
  ].join("\n\n");
}

export const transformMessages = (i: TransformInput): ChatMessage[] => [
  { role: "system", content: TRANSFORM_SYSTEM_PROMPT },
  { role: "user", content: transformUserMessage(i) },
];

export const judgeReplySchema = z.object({
  /** Optional so that judges replying in the older shape (correct/score/reason) still parse. */
  verdict: z.enum(["correct", "incorrect", "unsure"]).optional(),
  correct: z.boolean(),
  score: z.coerce.number().min(1).max(10),
  reason: z.string().default(""),
});
export type JudgeReply = z.infer<typeof judgeReplySchema>;

export const transformReplySchema = z.object({
  prompt: z.string().trim().min(1),
  answer: z.coerce.string().trim().min(1),
});
export type TransformReply = z.infer<typeof transformReplySchema>;

/** The first {...} object in a reply (models like to wrap JSON in prose or ``` fences). */
function firstJsonObject(text: string): unknown {
  const start = text.indexOf("{");
  if (start < 0) return null;
  // Try the longest span first, then shorter ones: text after the object may hold braces too.
  for (let end = text.lastIndexOf("}"); end > start; end = text.lastIndexOf("}", end - 1)) {
    try {
      return JSON.parse(text.slice(start, end + 1));
    } catch {
      // not this one
    }
  }
  return null;
}

/** A judge reply, or null when it is not the JSON object the system prompt asks for. */
export function parseJudgeReply(text: string): JudgeReply | null {
  const r = judgeReplySchema.safeParse(firstJsonObject(text));
  return r.success ? r.data : null;
}

export function parseTransformReply(text: string): TransformReply | null {
  const r = transformReplySchema.safeParse(firstJsonObject(text));
  return r.success ? r.data : null;
}
