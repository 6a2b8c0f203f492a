import { readSection } from "@/lib/models/prompts";
import { answerKeyOf, type AnswerKey, type AnswerKeyEntry } from "./answer-key";
import { accuracyOf, hashUnit } from "./profile";
import { SIM_GUESS_MARK } from "./unknown";

// The text of simulated answers. Correct ones state the key's answer in one of the styles
// real models use; wrong ones look plausible (a nearby number, another letter, a function
// that returns None), so verifiers are exercised the way real responses exercise them.

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

const OPENERS = [
  "Let me work through this step by step.",
  "First, let me restate what is asked.",
  "We can solve this directly.",
  "Let's think about it carefully.",
];

function mathAnswer(answer: string, r: Rand): string {
  const style = Math.floor(r() * 3);
  const opener = pick(r, OPENERS);
  if (style === 0) return `${opener}\nCombining the steps gives the result.\n\n\\boxed{${answer}}`;
  if (style === 1) return `${opener}\nPutting it together:\n#### ${answer}`;
  return `${opener}\nAfter simplifying, the answer is ${answer}.`;
}

/** A believable wrong number near the right one (never equal to it). */
function wrongNumber(answer: string, r: Rand): string {
  const x = Number(answer.replace(/,/g, ""));
  if (!Number.isFinite(x)) return String(2 + Math.floor(r() * 97));
  const spread = Math.max(3, Math.round(Math.abs(x) * 0.3));
  const delta = 1 + Math.floor(r() * spread);
  const wrong = r() < 0.5 ? x + delta : x - delta;
  return Number.isInteger(x) ? String(wrong) : wrong.toFixed(2);
}

/** How many options an MCQ prompt lists ("A. …" lines), at least 2. */
function optionCount(prompt: string): number {
  return Math.max(2, (prompt.match(/^[A-J]\. /gm) ?? []).length || 4);
}

function mcqAnswer(letter: string, r: Rand): string {
  return `${pick(r, OPENERS)}\nChecking each option against the question, one fits.\n\nAnswer: ${letter}`;
}

function wrongLetter(letter: string, prompt: string, r: Rand): string {
  const letters = "ABCDEFGHIJ".slice(0, optionCount(prompt)).replace(letter, "");
  return pick(r, letters.split(""));
}

function codeAnswer(code: string): string {
  return `Here is a solution:\n\n\`\`\`python\n${code.replace(/\r\n/g, "\n").trimEnd()}\n\`\`\``;
}

function wrongCode(code: string): string {
  const name = /def\s+(\w+)/.exec(code)?.[1] ?? "solution";
  return `Here is a solution:\n\n\`\`\`python\ndef ${name}(*args, **kwargs):\n    return None\n\`\`\``;
}

/** One sampled answer to a known (or unknown) prompt, correct or not as told. */
export function targetAnswer(entry: AnswerKeyEntry | undefined, prompt: string, correct: boolean, r: Rand): string {
  if (!entry) return `${SIM_GUESS_MARK} The answer is ${2 + Math.floor(r() * 997)}.`; // unknown: a short, marked guess
  switch (entry.kind) {
    case "math":
      return mathAnswer(correct ? entry.answer : wrongNumber(entry.answer, r), r);
    case "mcq":
      return mcqAnswer(correct ? entry.answer : wrongLetter(entry.answer, prompt, r), r);
    case "code":
      return correct ? codeAnswer(entry.answer) : wrongCode(entry.answer);
    case "exact":
      return `The answer is ${correct ? entry.answer : `not ${entry.answer}`}.`;
  }
}

const clean = (s: string) => s.toLowerCase().replace(/[\s$,]|\\!|\.$/g, "");

/** The final answer a response commits to, by the common conventions (judge's rough read). */
function finalAnswer(response: string): string | null {
  const boxed = [...response.matchAll(/\\boxed\{([^{}]*)\}/g)].pop()?.[1];
  if (boxed) return boxed;
  const hashes = /####\s*(.+)$/m.exec(response)?.[1];
  if (hashes) return hashes;
  const phrase = [...response.matchAll(/answer(?: is|:)\s*\(?([^\s.)]+)/gi)].pop()?.[1];
  return phrase ?? null;
}

/** The judge's verdict as JSON: correctness against the key (or given reference), a rubric score. */
export function judgeReply(userMessage: string, key: AnswerKey): string {
  const problem = judgedProblem(userMessage);
  const reference = readSection(userMessage, "reference");
  const response = readSection(userMessage, "response") ?? "";
  const entry = key.get(answerKeyOf(problem));
  let correct: boolean;
  if (entry?.kind === "code" || (!entry && /```python/.test(response))) {
    correct = /```python/.test(response) && !/return None\s*```/.test(response);
  } else {
    const gold = entry?.answer ?? reference ?? "";
    const got = finalAnswer(response);
    correct = got !== null && clean(got) === clean(gold);
  }
  // Harder prompts need more reasoning: the score follows (1 - accuracy), with some spread.
  const p = accuracyOf(answerKeyOf(problem), "judge");
  const score = Math.min(10, Math.max(1, Math.round(1 + 6 * (1 - p) + 3 * hashUnit("score", problem))));
  const reason = correct ? "The final answer matches the reference." : "The final answer differs from the reference.";
  return JSON.stringify({ verdict: correct ? "correct" : "incorrect", correct, score, reason });
}

/** The problem a judge request is about (the prompt whose answer the judge needs). */
export const judgedProblem = (userMessage: string) => readSection(userMessage, "problem") ?? "";

/**
 * A checkable variant of the problem as JSON {prompt, answer}. The variant joins the answer
 * key, so scoring it later behaves like any known prompt.
 */
export function transformReply(userMessage: string, key: AnswerKey): string {
  const problem = readSection(userMessage, "problem") ?? userMessage;
  const known = key.get(answerKeyOf(problem));
  const given = readSection(userMessage, "answer");
  const kind = known?.kind === "mcq" ? "mcq" : "math";
  const answer =
    known && known.kind !== "code" ? known.answer : given && /^-?\d+(\.\d+)?$/.test(given.trim()) ? given.trim() : String(2 + Math.floor(hashUnit("variant", problem) * 998));
  const ask = kind === "mcq" ? "Give the letter of the correct option." : "Give the final answer as a single number.";
  const prompt = `${problem.trim()}\n\n(Checkable variant.) ${ask}`;
  key.set(answerKeyOf(prompt), { kind, answer });
  return JSON.stringify({ prompt, answer: `${answer}` }) + `\nFinal answer: ${answer}`;
}
