import { markedAnswer } from "@/lib/verify";

// The "chat" import format: SFT data as it is usually kept — OpenAI / TRL / Axolotl
// `messages` [{role, content}], ShareGPT `conversations` [{from, value}], and the
// conversational `prompt` list of TRL prompt-completion and verl (Edgewise's own messages,
// prompt-completion and rl exports import back). Edgewise measures one prompt, so a line is
// one user turn, optional system turns before it and at most one assistant turn after it.
// The assistant turn is kept as the worked solution; the reference answer is the line's own
// (`answer`, verl's `reward_model.ground_truth`) or else the answer the solution marks
// (\boxed{…} or "#### x"), so an SFT set can be scored without a separate answer column.

/** What the line says, before the format's common checks (lengths, types) in formats.ts. */
export interface ChatFields {
  prompt: string;
  answer: unknown;
  source: unknown;
  metadata: Record<string, unknown>;
}

const ROLES: Record<string, "system" | "user" | "assistant"> = {
  system: "system", developer: "system",
  user: "user", human: "user",
  assistant: "assistant", gpt: "assistant", model: "assistant", bot: "assistant",
};

/** Over this the solution is not kept in metadata (its limit is 64 KiB); the line says so instead. */
export const MAX_KEPT_SOLUTION = 60_000;

export const NO_TURNS = 'no list of turns: expected "messages", "conversations" or a "prompt" list';

type Turn = { role: "system" | "user" | "assistant"; content: string };

/** The line's turns and where they came from, or null when it has no list of turns. */
function turnLists(o: Record<string, unknown>): { key: string; turns: unknown[] }[] | null {
  if (Array.isArray(o.messages)) return [{ key: "messages", turns: o.messages }];
  if (Array.isArray(o.conversations)) return [{ key: "conversations", turns: o.conversations }];
  if (Array.isArray(o.prompt)) return [{ key: "prompt", turns: o.prompt }, ...(Array.isArray(o.completion) ? [{ key: "completion", turns: o.completion }] : [])];
  return null;
}

/** Text content: a string, or a list of parts of which only text parts are allowed. */
function textOf(content: unknown, at: string): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) throw `"${at}": expected a string or a list of text parts`;
  return content
    .map((part, i) => {
      const p = part as { type?: unknown; text?: unknown } | null;
      if (p && typeof p === "object" && p.type === "text" && typeof p.text === "string") return p.text;
      const kind = p && typeof p === "object" && typeof p.type === "string" ? `"${p.type}"` : typeof part;
      throw `"${at}.${i}" is a ${kind} part: only text can be scored`;
    })
    .join("\n");
}

function readTurns(lists: { key: string; turns: unknown[] }[]): Turn[] {
  const out: Turn[] = [];
  for (const { key, turns } of lists) {
    turns.forEach((t, i) => {
      if (t === null || typeof t !== "object" || Array.isArray(t)) throw `"${key}.${i}": expected a turn object`;
      const turn = t as Record<string, unknown>;
      const named = turn.role ?? turn.from;
      const role = typeof named === "string" ? ROLES[named.toLowerCase()] : undefined;
      if (!role) throw `"${key}.${i}" has role ${JSON.stringify(named ?? null)}: expected system, user or assistant`;
      const field = "content" in turn ? "content" : "value";
      out.push({ role, content: textOf(turn[field], `${key}.${i}.${field}`) });
    });
  }
  return out;
}

/** The line as prompt, answer, source and metadata, or why it cannot be one prompt. */
export function chatFields(o: Record<string, unknown>): ChatFields | string {
  const lists = turnLists(o);
  if (!lists) return NO_TURNS;
  let turns: Turn[];
  try {
    turns = readTurns(lists);
  } catch (reason) {
    if (typeof reason === "string") return reason; // a problem of the line, named by its path
    throw reason;
  }
  const users = turns.filter((t) => t.role === "user").length;
  if (users !== 1) return users === 0 ? "has no user turn" : `has ${users} user turns: Edgewise scores single-turn prompts (one user turn)`;
  const at = turns.findIndex((t) => t.role === "user");
  const after = turns.slice(at + 1);
  if (turns.slice(0, at).some((t) => t.role !== "system")) return "has an assistant turn before the user turn: Edgewise scores single-turn prompts";
  if (after.length > 1 || after.some((t) => t.role !== "assistant")) return "has more than one turn after the user turn: Edgewise scores single-turn prompts";

  const system = turns.slice(0, at).map((t) => t.content).join("\n\n");
  const solution = after[0]?.content ?? null;
  const reward = o.reward_model as { ground_truth?: unknown } | undefined;
  const given = o.answer ?? (reward && typeof reward === "object" ? reward.ground_truth : undefined) ?? o.ground_truth;
  const metadata: Record<string, unknown> = {};
  if (system) metadata.system = system;
  if (solution !== null) {
    if (solution.length <= MAX_KEPT_SOLUTION) metadata.solution = solution;
    else metadata.solution_omitted = `${solution.length.toLocaleString("en")} characters, over the metadata limit`;
  }
  if (o.metadata && typeof o.metadata === "object" && !Array.isArray(o.metadata)) Object.assign(metadata, o.metadata);
  if (o.extra_info && typeof o.extra_info === "object") metadata.extra_info = o.extra_info;
  if (typeof o.id === "string" || typeof o.id === "number") metadata.id = o.id;
  return {
    prompt: turns[at].content,
    answer: given ?? (solution === null ? null : markedAnswer(solution)),
    source: o.source ?? o.data_source ?? "chat",
    metadata,
  };
}
