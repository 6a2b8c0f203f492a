import { normaliseExactAnswer } from "./exact";
import { extractLastBoxed } from "./math/extract";
import { unwrapCommands } from "./math/latex-groups";
import { verdict, type Verdict } from "./verdict";

// Multiple choice: the reference is a letter; the response may name the letter in many
// ways or quote the option's text. Signals go strongest first. The weakest — the last
// standalone capital — skips "A" used as an article and "I" as a pronoun ("A train leaves…",
// "I think…"), which would otherwise look like answers.

/** Options in letter order (index 0 is A), or keyed by letter. */
export type McqOptions = readonly string[] | Readonly<Record<string, string>>;
export type McqSource = "boxed" | "answer-phrase" | "final-line" | "parenthesised" | "option-text" | "last-letter";
export type McqChoice = { letter: string; source: McqSource };

const LETTERS = "ABCDEFGHIJ";
const LETTER_ONLY = /^\W*\(?\s*([A-J])\s*\)?\W*$/;
const LETTER_THEN_TEXT = /^\W*\(?([A-J])[).:]\s/;
// "answer: B", "The correct option is (C)", "final answer is **D**", "the answer would be option A"
// The rest of the line is captured in a lookahead so that a later phrase on the same line
// ("I thought the answer is A, but the correct answer is B") is still seen.
const ANSWER_PHRASE =
  /\b(?:answer|option|choice)\b(?:\s+(?:is|would\s+be|should\s+be)\s*:?|\s*:)\s*(?:\*\*)?\s*(?:option\s+|choice\s+)?(?=([^\n]*))/gi;
const PARENTHESISED = /\(([A-J])\)|(?<![A-Za-z])([A-J])\)/g;
const STANDALONE = /(?<![A-Za-z0-9'’])([A-J])(?![A-Za-z0-9'’])/g;

function optionEntries(options: McqOptions | undefined): [string, string][] {
  if (!options) return [];
  if (Array.isArray(options)) return options.map((text, index) => [LETTERS[index] ?? "?", text]);
  return Object.entries(options).map(([letter, text]) => [letter.trim().toUpperCase(), text as string]);
}

/** The option whose text is the whole answer ("Paris"), or, failing that, the one named last in it. */
function letterFromText(text: string, options: [string, string][], wholeOnly = false): string | null {
  const answer = normaliseExactAnswer(text);
  const whole = options.find(([, option]) => normaliseExactAnswer(option) === answer);
  if (whole || wholeOnly) return whole?.[0] ?? null;
  let best: { letter: string; at: number; length: number } | null = null;
  for (const [letter, option] of options) {
    const needle = normaliseExactAnswer(option);
    if (!needle) continue;
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${needle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\p{L}\\p{N}])`, "gu");
    for (const match of answer.matchAll(pattern)) {
      const at = match.index ?? 0;
      if (!best || at > best.at || (at === best.at && needle.length > best.length)) best = { letter, at, length: needle.length };
    }
  }
  return best?.letter ?? null;
}

function letterOf(text: string): string | null {
  return LETTER_ONLY.exec(text)?.[1] ?? LETTER_THEN_TEXT.exec(text)?.[1] ?? null;
}

export function extractMcqChoice(response: string, options?: McqOptions): McqChoice | null {
  const entries = optionEntries(options);
  const boxed = extractLastBoxed(response);
  if (boxed !== null) {
    const content = unwrapCommands(boxed, ["text", "textbf", "mathrm", "mathbf"]);
    const letter = letterOf(content) ?? letterFromText(content, entries, true);
    if (letter) return { letter, source: "boxed" };
  }

  const phrase = lastPhraseChoice(response, entries);
  if (phrase) return { letter: phrase, source: "answer-phrase" };

  const lines = response.trim().split("\n").filter((line) => line.trim() !== "");
  const finalLine = lines[lines.length - 1] ?? "";
  const finalLetter = letterOf(finalLine.replace(/\*\*/g, ""));
  if (finalLetter) return { letter: finalLetter, source: "final-line" };

  let parenthesised: string | null = null;
  for (const match of response.matchAll(PARENTHESISED)) parenthesised = match[1] ?? match[2];
  if (parenthesised) return { letter: parenthesised, source: "parenthesised" };

  const named = entries.length ? letterFromText(finalLine, entries) : null;
  if (named) return { letter: named, source: "option-text" };

  let last: string | null = null;
  for (const match of response.matchAll(STANDALONE)) {
    const after = response.slice((match.index ?? 0) + 1, (match.index ?? 0) + 3);
    const isWordInProse = (match[1] === "A" || match[1] === "I") && /^\s[a-z]/.test(after);
    if (!isWordInProse) last = match[1];
  }
  return last ? { letter: last, source: "last-letter" } : null;
}

/** The last "answer is …" phrase that names a letter or an option's text. */
function lastPhraseChoice(response: string, entries: [string, string][]): string | null {
  let choice: string | null = null;
  for (const match of response.matchAll(ANSWER_PHRASE)) {
    const rest = match[1].split("\n", 1)[0].replace(/\*\*/g, "").trim();
    // A lowercase letter only counts when nothing follows it: "answer: b", not "answer is a number".
    const letter = /^\(?([A-J])\)?(?![A-Za-z0-9])/.exec(rest)?.[1] ?? /^\(?([a-j])\)?[.)]?$/.exec(rest)?.[1]?.toUpperCase();
    const fromText = letter ? null : entries.length ? letterFromText(rest.replace(/[.!]$/, ""), entries, true) : null;
    if (letter ?? fromText) choice = letter ?? fromText;
  }
  return choice;
}

function referenceLetter(gold: string, entries: [string, string][]): string | null {
  const letter = /^\s*\(?\s*([A-Ja-j])\s*\)?[.):]?\s*$/.exec(gold)?.[1];
  return letter ? letter.toUpperCase() : letterFromText(gold, entries, true);
}

export function verifyMcq(response: string, gold: string, options?: McqOptions): Verdict {
  const entries = optionEntries(options);
  const reference = referenceLetter(gold, entries);
  if (!reference) return verdict(false, null, `reference "${gold.trim()}" is not an option letter`);
  const choice = extractMcqChoice(response, options);
  if (!choice) return verdict(false, null, "no option letter found");
  return choice.letter === reference
    ? verdict(true, choice.letter, `chose ${choice.letter} = reference ${reference}`)
    : verdict(false, choice.letter, `chose ${choice.letter} ≠ reference ${reference}`);
}
