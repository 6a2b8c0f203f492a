import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { convertLine, type ImportFormat } from "@/lib/candidates/formats";
import { promptHash } from "@/lib/candidates/normalise";

// What the simulator knows is right. Keys are the prompt's exact-dup hash (the same NFKC +
// whitespace folding the importer uses), so a prompt reaches the simulator as it was stored.

export type AnswerKind = "math" | "mcq" | "code" | "exact";
export interface AnswerKeyEntry {
  kind: AnswerKind;
  /** math: the final answer; mcq: the letter; code: a correct solution; exact: the string. */
  answer: string;
}
export type AnswerKey = Map<string, AnswerKeyEntry>;

export const answerKeyOf = (prompt: string): string => promptHash(prompt).toString("hex");

export function addToAnswerKey(key: AnswerKey, entries: Iterable<{ prompt: string } & AnswerKeyEntry>): void {
  for (const e of entries) key.set(answerKeyOf(e.prompt), { kind: e.kind, answer: e.answer });
}

const DEMO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../demo/data");
const DEMO_FILES: { file: string; format: ImportFormat; kind: AnswerKind }[] = [
  { file: "gsm8k.sample.jsonl", format: "gsm8k", kind: "math" },
  { file: "mmlu-stem.sample.jsonl", format: "mmlu", kind: "mcq" },
  { file: "mbpp.sample.jsonl", format: "mbpp", kind: "code" },
];

/**
 * The demo data's answers, built by the importer's own convertLine() so the prompt text is
 * byte for byte what the demo seed stores (and what a scoring run will send).
 */
export function demoAnswerKey(dir = DEMO_DIR): AnswerKey {
  const key: AnswerKey = new Map();
  for (const { file, format, kind } of DEMO_FILES) {
    const p = path.join(dir, file);
    if (!fs.existsSync(p)) continue;
    for (const line of fs.readFileSync(p, "utf8").split("\n")) {
      if (!line.trim()) continue;
      const converted = convertLine(JSON.parse(line), format);
      if (converted.ok && converted.row.answer !== null) {
        key.set(answerKeyOf(converted.row.prompt), { kind, answer: converted.row.answer });
      }
    }
  }
  return key;
}

/**
 * The kind of answer a reference is, when nobody said: a letter is a multiple-choice pick, a
 * Python function is code, a number (or LaTeX) is math, anything else a short exact string.
 * `declared` (a domain's answer kind) wins when it is one the simulator can answer in.
 */
export function kindOfAnswer(answer: string, declared?: string | null): AnswerKind {
  if (declared === "math" || declared === "mcq" || declared === "code" || declared === "exact") return declared;
  const a = answer.trim();
  if (/^[A-J]$/.test(a)) return "mcq";
  if (/^\s*(def|class|import|from)\s/m.test(a)) return "code";
  if (/^[-+]?[\d,]*\.?\d+(\s*%)?$|\\|^[-+]?\d+\s*\/\s*\d+$/.test(a)) return "math";
  return "exact";
}

const answerLine = z.object({ prompt: z.string().min(1), answer: z.string(), kind: z.enum(["math", "mcq", "code", "exact"]).optional() });

/**
 * `--answers FILE`: JSONL of {prompt, answer, kind?} (the lines of an import file in the
 * generic shape). A line without a usable answer is skipped; a malformed one is an error
 * naming its line, so a wrong file is caught before a run is scored against it.
 */
export function readAnswersFile(file: string): ({ prompt: string } & AnswerKeyEntry)[] {
  const out: ({ prompt: string } & AnswerKeyEntry)[] = [];
  fs.readFileSync(file, "utf8")
    .split("\n")
    .forEach((line, i) => {
      if (!line.trim()) return;
      let parsed: z.infer<typeof answerLine>;
      try {
        parsed = answerLine.parse(JSON.parse(line));
      } catch {
        throw new Error(`${file}:${i + 1}: expected a JSON object with "prompt" and "answer" strings`);
      }
      if (!parsed.answer.trim()) return;
      out.push({ prompt: parsed.prompt, answer: parsed.answer.trim(), kind: parsed.kind ?? kindOfAnswer(parsed.answer) });
    });
  return out;
}
