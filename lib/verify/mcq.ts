import { normaliseExactAnswer } from "./exact";
import { extractLastBoxed } from "./math/extract";
import { unwrapCommands } from "./math/latex-groups";
import { verdict, type Verdict } from "./verdict";

// Multiple choice: the reference is a letter (or several, for multi-select); the response may
// name the letter in many ways, in several languages, or quote the option's text. Signals go
// strongest first. The weakest — the last standalone capital — skips "A" used as an article
// and "I" as a pronoun ("A train leaves…", "I think…"), which would otherwise look like answers.
// Text is NFKC-folded first, so full-width "（Ｂ）" reads as "(B)".

/** Options in letter order (index 0 is A), or keyed by letter. */
export type McqOptions = readonly string[] | Readonly<Record<string, string>>;
export type McqSource = "boxed" | "answer-phrase" | "final-line" | "parenthesised" | "option-text" | "last-letter";
/** `letter` is one letter, or several sorted and comma-joined ("B,D") when the answer names a set. */
export type McqChoice = { letter: string; source: McqSource };

const LETTERS = "ABCDEFGHIJ";
const LETTER_ONLY = /^\W*\(?\s*([A-J])\s*\)?\W*$/;
const LETTER_THEN_TEXT = /^\W*\(?([A-J])[).:]\s/;
// "answer: B", "The correct option is (C)", "final answer is **D**", "the answer would be option A"
// The rest of the line is captured in a lookahead so that a later phrase on the same line
// ("I thought the answer is A, but the correct answer is B") is still seen.
const ANSWER_PHRASE =
  /(?:\b(?:answer|option|choice|options|answers)\b(?:\s+(?:is|are|would\s+be|should\s+be)\s*:?|\s*:)|\b(?:r[ée]ponse|respuesta|resposta|risposta|antwort|ответ)\b(?:\s+(?:est|es|é|è|ist)\s*:?|\s*:)|(?:正确答案|答案|答え|正解)\s*(?:是|为|為|は|:)?|选择?|選択?)\s*(?:\*\*)?\s*(?:option\s+|choice\s+|l'option\s+|la\s+|el\s+|die\s+|選項|选项)?(?=([^\n]*))/giu;
// Between letters of one multi-select answer: "B and D", "B, D", "B & D", "B et D", "B 和 D", "BD".
const LETTER_SEPARATORS = /\s*(?:,|;|&|\/|\+|、|和|与|與|\band\b|\bund\b|\bet\b|\by\b|\be\b)\s*|\s+/g;
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
  return lettersOf(text) ?? LETTER_ONLY.exec(text)?.[1] ?? LETTER_THEN_TEXT.exec(text)?.[1] ?? null;
}

/**
 * Several letters naming one answer ("B and D", "(B), (D)", "BD") as "B,D"; one letter as
 * itself. Null when the text is anything but letters and separators.
 */
export function lettersOf(text: string): string | null {
  const bare = text.replace(/\*\*/g, "").replace(/[()[\]{}.:!]/g, " ").trim();
  if (!bare || bare.length > 40) return null;
  const tokens = bare.split(LETTER_SEPARATORS).filter((t) => t !== "");
  const letters = tokens.flatMap((t) => (/^[A-J]{1,10}$/.test(t) ? [...t] : [null]));
  if (!letters.length || letters.some((l) => l === null)) return null;
  return [...new Set(letters as string[])].sort().join(",");
}

export function extractMcqChoice(raw: string, options?: McqOptions): McqChoice | null {
  const response = raw.normalize("NFKC");
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
    // "B and D" (up to the clause end) names a set of letters; "(B) because …" names B.
    const clause = rest.split(/[.!?。](?:\s|$)|\s+(?:because|since|as|car|porque|weil|因为)\b|[,，]\s*(?:because|since|so)\b/u, 1)[0];
    // A lowercase letter only counts when nothing follows it: "answer: b", not "answer is a number".
    const letter =
      lettersOf(clause) ?? /^\(?([A-J])\)?(?![A-Za-z0-9])/.exec(rest)?.[1] ?? /^\(?([a-j])\)?[.)]?$/.exec(rest)?.[1]?.toUpperCase();
    const fromText = letter ? null : entries.length ? letterFromText(rest.replace(/[.!]$/, ""), entries, true) : null;
    if (letter ?? fromText) choice = letter ?? fromText;
  }
  return choice;
}

function referenceLetter(raw: string, entries: [string, string][]): string | null {
  const gold = raw.normalize("NFKC");
  const letter = /^\s*\(?\s*([A-Ja-j])\s*\)?[.):]?\s*$/.exec(gold)?.[1];
  return letter ? letter.toUpperCase() : (lettersOf(gold) ?? letterFromText(gold, entries, true));
}

export function verifyMcq(response: string, gold: string, options?: McqOptions): Verdict {
  const entries = optionEntries(options);
  const reference = referenceLetter(gold, entries);
  if (!reference) return verdict(false, null, `reference "${gold.trim()}" is not an option letter`);
  const choice = extractMcqChoice(response, options);
  if (!choice) return verdict(false, null, "no option letter found");
  const shown = (letters: string) => letters.replace(/,/g, ", ");
  const multi = reference.includes(",") ? " (multi-select: the same set of letters is needed)" : "";
  return choice.letter === reference
    ? verdict(true, choice.letter, `chose ${shown(choice.letter)} = reference ${shown(reference)} (${choice.source})`)
    : verdict(false, choice.letter, `chose ${shown(choice.letter)} (${choice.source}) ≠ reference ${shown(reference)}${multi}`);
}
