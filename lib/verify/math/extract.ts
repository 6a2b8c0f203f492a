import { readLatexArgument } from "./latex-groups";

// Finds the final answer in a model response. Signals are tried strongest first, and within
// a signal the last occurrence wins: reasoning models revise themselves, and the answer they
// commit to comes last.

export type AnswerSource = "boxed" | "hashes" | "answer-phrase" | "a-colon" | "last-number";
export type ExtractedAnswer = { text: string; source: AnswerSource };

/** Content of the last non-empty `\boxed{…}` / `\fbox{…}` (nested braces kept whole). */
export function extractLastBoxed(text: string): string | null {
  let from = text.length;
  while (from > 0) {
    const boxed = text.lastIndexOf("\\boxed", from - 1);
    const fbox = text.lastIndexOf("\\fbox", from - 1);
    const at = Math.max(boxed, fbox);
    if (at < 0) return null;
    const argument = readLatexArgument(text, at + (at === boxed ? 6 : 5));
    const content = argument?.content.trim();
    if (content) return content;
    from = at;
  }
  return null;
}

/** GSM8K's "#### 18" convention: the rest of the last such line. */
export function extractAfterHashes(text: string): string | null {
  const at = text.lastIndexOf("####");
  if (at < 0) return null;
  const rest = text.slice(at + 4).split("\n", 1)[0].trim();
  return rest || null;
}

const ANSWER_PHRASE = /\b(?:final\s+answer|answer)\b(?:\s*\*\*)?\s*(?:is\s*:?|:|=)\s*(?:\*\*\s*)?/gi;
const CLAUSE_END = /\.(?:\s|$)|\s+(?:because|since|which|as|so|and\s+therefore)\s/i;

/** "The answer is x", "Final answer: x", "**Answer:** x" — the last one, up to the clause end. */
export function extractAnswerPhrase(text: string): string | null {
  let last: RegExpExecArray | null = null;
  ANSWER_PHRASE.lastIndex = 0;
  for (let match; (match = ANSWER_PHRASE.exec(text)); ) last = match;
  if (!last) return null;
  const rest = text.slice(last.index + last[0].length).split("\n", 1)[0].trim();
  const inline = leadingInlineMath(rest);
  if (inline !== null) return inline || null;
  const end = rest.search(CLAUSE_END);
  // In prose a final "!" is an exclamation, not a factorial: "The answer is 42!"
  const answer = (end >= 0 ? rest.slice(0, end) : rest).replace(/\*\*/g, "").replace(/!$/, "").trim();
  return answer || null;
}

/** `$…$`, `$$…$$` or `\(…\)` opening the text: its content. Null when the text does not open so. */
function leadingInlineMath(text: string): string | null {
  for (const [open, close] of [["$$", "$$"], ["$", "$"], ["\\(", "\\)"], ["\\[", "\\]"]]) {
    if (!text.startsWith(open)) continue;
    const end = text.indexOf(close, open.length);
    if (end > 0) return text.slice(open.length, end).trim();
  }
  return null;
}

/** A final line "A: x" (question/answer transcripts). */
export function extractFinalAColon(text: string): string | null {
  const lines = text.trimEnd().split("\n");
  const match = /^\s*A\s*:\s*(.+)$/.exec(lines[lines.length - 1]);
  return match ? match[1].trim() : null;
}

// A sign counts only when not glued to a word or a closing bracket ("pages 3-4" ends in 4,
// not -4); thousands separators and a simple a/b fraction stay part of the number.
const NUMBER = /(?<![\w.)])-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\/\d+)?|(?<![\w.)])-?\.\d+/g;

export function extractLastNumber(text: string): string | null {
  let last: string | null = null;
  NUMBER.lastIndex = 0;
  for (let match; (match = NUMBER.exec(text)); ) last = match[0];
  return last;
}

export function extractMathAnswer(response: string): ExtractedAnswer | null {
  const boxed = extractLastBoxed(response);
  if (boxed !== null) return { text: boxed, source: "boxed" };
  const hashes = extractAfterHashes(response);
  if (hashes !== null) return { text: hashes, source: "hashes" };
  const phrase = extractAnswerPhrase(response);
  if (phrase !== null) return { text: phrase, source: "answer-phrase" };
  const aColon = extractFinalAColon(response);
  if (aColon !== null) return { text: aColon, source: "a-colon" };
  const number = extractLastNumber(response);
  return number === null ? null : { text: number, source: "last-number" };
}

/**
 * A reference may arrive as a worked solution (GSM8K "… #### 18", MATH "… \boxed{5}"): use
 * its marked answer. Otherwise the reference is the answer itself.
 */
export function referenceAnswer(gold: string): string {
  return extractLastBoxed(gold) ?? extractAfterHashes(gold) ?? gold.trim();
}
