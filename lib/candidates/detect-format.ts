import type { ImportFormat } from "./formats";

// The upload form's guess of a file's format from its first lines, before anything is sent:
// a GSM8K file imported as "generic" would reject every line for a missing "prompt". Pure
// and browser-safe (no imports beyond types).

export interface FormatGuess {
  /** null: no known format fits (keys lists what the lines hold). */
  format: ImportFormat | null;
  /** Why, in the words the form shows: the keys that decided it. */
  because: string;
  /** Keys of the sampled lines, first seen first. */
  keys: string[];
  /**
   * No format fits but the lines hold a prompt under a common other name: the generic
   * format's field mapping that reads them (AIME's "problem", Alpaca's "instruction", …).
   */
  mapping?: { prompt: string; answer?: string };
}

// Common names for a prompt and its reference answer in public datasets, most telling first:
// "answer" beats "solution" (AIME and MATH have both; the solution is the worked text).
const PROMPT_KEYS = ["problem", "question", "instruction", "query", "input", "text"];
const ANSWER_KEYS = ["answer", "final_answer", "ground_truth", "target", "label", "solution", "output", "response", "completion"];

const SAMPLE_LINES = 20;

type Line = Record<string, unknown>;
const RULES: { format: ImportFormat; because: string; fits: (o: Line) => boolean }[] = [
  { format: "mbpp", because: '"test_list"', fits: (o) => Array.isArray(o.test_list) },
  { format: "mmlu", because: '"question" and "choices"', fits: (o) => Array.isArray(o.choices) && "question" in o },
  {
    format: "gsm8k",
    because: '"question" and an "answer" with ####',
    fits: (o) => typeof o.question === "string" && typeof o.answer === "string" && o.answer.includes("####"),
  },
  {
    format: "chat",
    because: 'a list of chat turns ("messages", "conversations" or a "prompt" list)',
    // A line that also has a text "prompt" (UltraChat: prompt + a multi-turn messages list) is generic.
    fits: (o) => typeof o.prompt !== "string" && (Array.isArray(o.messages) || Array.isArray(o.conversations) || Array.isArray(o.prompt)),
  },
  { format: "generic", because: '"prompt"', fits: (o) => "prompt" in o },
];

/**
 * The format most of the sampled lines fit (the first rule wins per line: a line with
 * test_list is MBPP even if it also has a prompt). `text` is the start of the file; a cut-off
 * last line and lines that are not JSON objects are ignored.
 */
export function detectFormat(text: string): FormatGuess | null {
  const lines = text.split("\n").slice(0, SAMPLE_LINES + 1);
  if (!text.endsWith("\n") && lines.length > 1) lines.pop(); // probably cut mid-line
  const objects = lines
    .map(parseObject)
    .filter((o): o is Line => o !== null)
    .slice(0, SAMPLE_LINES);
  if (!objects.length) return null;
  const keys = [...new Set(objects.flatMap((o) => Object.keys(o)))];
  const votes = new Map<ImportFormat, number>();
  for (const o of objects) {
    const rule = RULES.find((r) => r.fits(o));
    if (rule) votes.set(rule.format, (votes.get(rule.format) ?? 0) + 1);
  }
  const [best] = [...votes.entries()].sort((a, b) => b[1] - a[1]);
  if (!best || best[1] * 2 <= objects.length) {
    const mapping = commonNames(objects);
    return { format: null, because: "no line has the keys of a known format", keys, ...(mapping ? { mapping } : {}) };
  }
  return { format: best[0], because: RULES.find((r) => r.format === best[0])!.because, keys };
}

function parseObject(line: string): Line | null {
  if (!line.trim().startsWith("{")) return null;
  try {
    const v = JSON.parse(line) as unknown;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Line) : null;
  } catch {
    return null;
  }
}

/** The first common prompt key (and answer key) that most sampled lines hold as text or a number. */
function commonNames(objects: Line[]): FormatGuess["mapping"] | undefined {
  const most = (key: string, ok: (v: unknown) => boolean) => objects.filter((o) => ok(o[key])).length * 2 > objects.length;
  const text = (v: unknown) => typeof v === "string" && v.trim() !== "";
  const prompt = PROMPT_KEYS.find((k) => most(k, text));
  if (!prompt) return undefined;
  const answer = ANSWER_KEYS.find((k) => k !== prompt && most(k, (v) => text(v) || (typeof v === "number" && Number.isFinite(v))));
  return answer ? { prompt, answer } : { prompt };
}
