import { readLatexArgument } from "./latex-groups";
import { lastMathSpanOfLastSentence, looksLikeBareAnswer } from "./spans";

// Finds the final answer in a model response. The rules form one priority list (EXTRACTION_RULES,
// strongest first, README "Verifiers"); within a rule the last occurrence wins: reasoning
// models revise themselves, and the answer they commit to comes last.

export type AnswerSource =
  | "final-answer-after-box"
  | "boxed"
  | "boxed-set"
  | "hashes"
  | "answer-phrase"
  | "a-colon"
  | "bare-answer"
  | "last-math-span"
  | "last-number";
export type ExtractedAnswer = { text: string; source: AnswerSource };

type Box = { content: string; start: number; end: number };

/** Every non-empty `\boxed{…}` / `\fbox{…}` in order (nested braces kept whole). */
export function findBoxes(text: string): Box[] {
  const boxes: Box[] = [];
  const pattern = /\\(?:boxed|fbox)/g;
  for (let match; (match = pattern.exec(text)); ) {
    const argument = readLatexArgument(text, match.index + match[0].length);
    if (!argument) continue;
    const content = argument.content.trim();
    if (content) boxes.push({ content, start: match.index, end: argument.end });
    // Boxes inside a box are part of it: go on after it.
    pattern.lastIndex = Math.max(pattern.lastIndex, argument.end);
  }
  return boxes;
}

/** Content of the last non-empty box. */
export function extractLastBoxed(text: string): string | null {
  const boxes = findBoxes(text);
  return boxes.length ? boxes[boxes.length - 1].content : null;
}

// Between two boxes of one answer ("$\boxed{2}$ and $\boxed{5}$", "x = \boxed{2}, x = \boxed{5}")
// only connectors, math delimiters and short names stand. A sentence or a paragraph in
// between means the earlier box was a step or a first attempt.
const BOX_JOINER = /^(?:[\s$,;.:=()\\[\]]|\bor\b|\band\b|\\text\{\s*(?:or|and|,)\s*\}|\\(?:quad|qquad|,|;)|\b[a-zA-Z](?:_\w)?\b|\\[a-z]+\b)*$/;
const MAX_JOINER_CHARS = 40;

/**
 * The last box and the boxes joined to it: one answer, or — when they differ — the set of
 * them ("find all …" answered as `\boxed{2}, \boxed{5}`). Null when there is no box.
 */
export function extractBoxedAnswer(text: string): { text: string; boxes: Box[] } | null {
  const boxes = findBoxes(text);
  if (!boxes.length) return null;
  const group = [boxes[boxes.length - 1]];
  for (let i = boxes.length - 2; i >= 0; i--) {
    const gap = text.slice(boxes[i].end, group[0].start);
    if (gap.length > MAX_JOINER_CHARS || /\n\s*\n/.test(gap) || !BOX_JOINER.test(gap)) break;
    group.unshift(boxes[i]);
  }
  const distinct = [...new Set(group.map((box) => box.content))];
  return { text: distinct.length === 1 ? distinct[0] : `\\{${distinct.join(", ")}\\}`, boxes: group };
}

/** GSM8K's "#### 18" convention: the rest of the last such line. */
export function extractAfterHashes(text: string): string | null {
  const at = text.lastIndexOf("####");
  if (at < 0) return null;
  const rest = text.slice(at + 4).split("\n", 1)[0].trim();
  return rest || null;
}

const ANSWER_PHRASE = /\b(?:final\s+answer|answer)\b(?:\s*\*\*)?\s*(?:is\s*:?|:|=)\s*(?:\*\*\s*)?/gi;
const FINAL_ANSWER_PHRASE = /\bfinal\s+answer\b(?:\s*\*\*)?\s*(?:is\s*:?|:|=)\s*(?:\*\*\s*)?/gi;
const CLAUSE_END = /\.(?:\s|$)|\s+(?:because|since|which|as|so|and\s+therefore)\s/i;
// "Final Answer: The smallest $k$ is 12." — a sentence naming what the answer is: its value follows the verb.
const NAMING_SENTENCE = /^(?:the|so|thus|hence|therefore)\b[^=]*?\s(?:is|are|equals|was|=)\s+(?=\S)/i;

function lastMatch(pattern: RegExp, text: string): RegExpExecArray | null {
  let last: RegExpExecArray | null = null;
  pattern.lastIndex = 0;
  for (let match; (match = pattern.exec(text)); ) last = match;
  return last;
}

/** "The answer is x", "Final answer: x", "**Answer:** x" — the last one, up to the clause end. */
export function extractAnswerPhrase(text: string): string | null {
  const last = lastMatch(ANSWER_PHRASE, text);
  return last ? answerAfter(text, last.index + last[0].length) : null;
}

function answerAfter(text: string, from: number): string | null {
  let rest = text.slice(from).split("\n", 1)[0].trim();
  const naming = NAMING_SENTENCE.exec(rest);
  if (naming) rest = rest.slice(naming[0].length);
  const inline = leadingInlineMath(rest);
  // "$(2,9)$ or $(9,2)$", "$2$ and $5$": one answer in several spans — keep the sentence.
  if (inline !== null && !/^(?:\$\$|\$|\\\(|\\\[)[^]*?(?:\$|\\\)|\\\])\s*(?:,|;|or\b|and\b)\s*(?:\$|\\\()/.test(rest)) return inline || null;
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

// Digit groups written with LaTeX or typographic thin spaces: "27{,}384", "3\,000", "2 500".
const GROUPED_DIGITS = /(\d)(?:\{,\}|,?\\[,!]\s*|[\u2009\u202f\u00a0])(?=\d{3}(?!\d))/g;

export function extractLastNumber(text: string): string | null {
  return lastMatch(NUMBER, text.replace(GROUPED_DIGITS, "$1,"))?.[0] ?? null;
}

/** A "final answer is …" phrase that comes after the last box wins over it: the model restated its answer. */
function finalAnswerAfterBox(response: string, boxEnd: number): string | null {
  const last = lastMatch(FINAL_ANSWER_PHRASE, response);
  if (!last || last.index < boxEnd) return null;
  const answer = answerAfter(response, last.index + last[0].length);
  // "The final answer is $\boxed{5}$" after a box: the new box is already the last box.
  return answer && !/\\(?:boxed|fbox)\b/.test(answer) ? answer : null;
}

/** The extraction rules, strongest first; the first that finds something decides. */
export const EXTRACTION_RULES: readonly { source: AnswerSource; describe: string }[] = [
  { source: "final-answer-after-box", describe: 'a "final answer is X" written after the last \\boxed{}' },
  { source: "boxed", describe: "the last \\boxed{} (or \\fbox{})" },
  { source: "boxed-set", describe: "several \\boxed{} side by side: the set of them" },
  { source: "hashes", describe: "#### X (GSM8K)" },
  { source: "answer-phrase", describe: '"the answer is X", "Final answer: X", "Final Answer: The smallest k is X."' },
  { source: "a-colon", describe: 'a final line "A: X"' },
  { source: "bare-answer", describe: "the whole response, when it is a bare answer" },
  { source: "last-math-span", describe: "the last $…$, \\(…\\) or \\[…\\] of the last sentence" },
  { source: "last-number", describe: "the last number" },
];

export function extractMathAnswer(response: string): ExtractedAnswer | null {
  const boxed = extractBoxedAnswer(response);
  if (boxed) {
    const later = finalAnswerAfterBox(response, boxed.boxes[boxed.boxes.length - 1].end);
    if (later) return { text: later, source: "final-answer-after-box" };
    return { text: boxed.text, source: boxed.boxes.length > 1 && boxed.text.startsWith("\\{") ? "boxed-set" : "boxed" };
  }
  const hashes = extractAfterHashes(response);
  if (hashes !== null) return { text: hashes, source: "hashes" };
  const phrase = extractAnswerPhrase(response);
  if (phrase !== null) return { text: phrase, source: "answer-phrase" };
  const aColon = extractFinalAColon(response);
  if (aColon !== null) return { text: aColon, source: "a-colon" };
  if (looksLikeBareAnswer(response)) return { text: response.trim(), source: "bare-answer" };
  const span = lastMathSpanOfLastSentence(response);
  if (span !== null) return { text: span, source: "last-math-span" };
  const number = extractLastNumber(response);
  return number === null ? null : { text: number, source: "last-number" };
}

/**
 * The final answer a worked solution marks (a dataset's chat response, imported as the
 * reference): read as a response is — the last box and the boxes joined to it, else "#### x" —
 * after any <think> block, whose boxes are drafts. Null when it marks none.
 */
export function markedAnswer(solution: string): string | null {
  const think = solution.lastIndexOf("</think>");
  const body = think < 0 ? solution : solution.slice(think + "</think>".length);
  return extractBoxedAnswer(body)?.text ?? extractAfterHashes(body);
}

/**
 * A reference may arrive as a worked solution (GSM8K "… #### 18", MATH "… \boxed{5}"): use
 * its marked answer. A reference does not revise itself, so all of its distinct boxes are
 * its answer: several make a set. Otherwise the
 * reference is the answer itself.
 */
export function referenceAnswer(gold: string): string {
  const boxes = [...new Set(findBoxes(gold).map((box) => box.content))];
  if (boxes.length) return boxes.length === 1 ? boxes[0] : `\\{${boxes.join(", ")}\\}`;
  return extractAfterHashes(gold) ?? gold.trim();
}
