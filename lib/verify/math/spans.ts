// The two weakest extraction rules before "last number": a response that is nothing but an
// answer ("$(-2, 5]$", "y \leq -3", "3:45"), and the last math span of the last sentence
// ("Hence $(4, 9)$ solves the system."). Both exist so that intervals, relations, times and
// tuples are not cut down to their last digit.

type Span = { content: string; start: number; end: number };

const DELIMITERS: [string, string][] = [
  ["$$", "$$"],
  ["\\[", "\\]"],
  ["\\(", "\\)"],
  ["$", "$"],
];

/** `$…$`, `$$…$$`, `\(…\)`, `\[…\]` in order. An escaped `\$` is a dollar sign, not a delimiter. */
export function findMathSpans(text: string): Span[] {
  const spans: Span[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch !== "$" && ch !== "\\") {
      i++;
      continue;
    }
    if (ch === "\\" && text[i + 1] === "$") {
      i += 2;
      continue;
    }
    const pair = DELIMITERS.find(([open]) => text.startsWith(open, i));
    if (!pair) {
      i++;
      continue;
    }
    const [open, close] = pair;
    let end = text.indexOf(close, i + open.length);
    while (close === "$" && end > 0 && text[end - 1] === "\\") end = text.indexOf(close, end + 1);
    if (end < 0) {
      i += open.length;
      continue;
    }
    const content = text.slice(i + open.length, end);
    // "$5 and gets $3" is money in prose, not math: a span that starts or ends with a space
    // around prose words is skipped, and the scan goes on from its second dollar.
    if (open === "$" && isCurrencyPair(content, text[end + 1] ?? "")) {
      i += 1;
      continue;
    }
    spans.push({ content: content.trim(), start: i, end: end + close.length });
    i = end + close.length;
  }
  return spans;
}

const PROSE_WORDS = /(?:^|[^\\a-zA-Z])[a-zA-Z]{2,}\s+[a-zA-Z]{2,}(?![a-zA-Z]*\})/;

/** "$11000 + $4400": two prices, not a span — it ends in a space or an operator, is glued to a digit, or holds prose. */
function isCurrencyPair(content: string, after: string): boolean {
  if (/\s$|[-+*/=×x]$/.test(content) || /^[\d.]/.test(after)) return true;
  return /^\d/.test(content) && PROSE_WORDS.test(content.replace(/\\text\{[^}]*\}/g, ""));
}

// Sentence ends: ".", "!" or "?" before whitespace, or a blank line.
const SENTENCE_END = /[.!?](?=\s)|\n\s*\n/g;

/** The last math span inside the response's last sentence; null when that sentence has none. */
export function lastMathSpanOfLastSentence(response: string): string | null {
  const text = response.trimEnd().replace(/[.!?]+$/, "");
  const spans = findMathSpans(text);
  if (!spans.length) return null;
  // Sentence ends inside a span ("\[ x = 5. \]") do not count.
  const pieces: string[] = [];
  let at = 0;
  for (const s of spans) {
    pieces.push(text.slice(at, s.start), " ".repeat(s.end - s.start));
    at = s.end;
  }
  const masked = pieces.join("") + text.slice(at);
  let sentenceStart = 0;
  SENTENCE_END.lastIndex = 0;
  for (let match; (match = SENTENCE_END.exec(masked)); ) sentenceStart = match.index + match[0].length;
  const inSentence = spans.filter((s) => s.start >= sentenceStart);
  const last = inSentence[inSentence.length - 1];
  return last && last.content ? finalSide(last.content) : null;
}

/** "5 + 3 = 8" → "8": an arithmetic chain ends in its value; "x = 5" and "3x - 6y + 2 = 0" stay whole. */
function finalSide(content: string): string {
  const sides = content.split(/(?<![<>!\\])=(?!=)/);
  if (sides.length < 2) return content;
  const last = sides[sides.length - 1].trim();
  // Arithmetic or a worded label ("\text{Total} = 72") before the value; not "3x - 6y + 2 = 0".
  const arithmeticBefore = sides
    .slice(0, -1)
    .every((side) => !/[a-zA-Z]/.test(side.replace(/\\(?:text|mathrm|textbf|mbox)\s*\{[^}]*\}/g, "").replace(/\\(?:cdot|times|div|frac|dfrac|tfrac|sqrt)\b/g, "")));
  return (sides.length > 2 || arithmeticBefore) && /^-?[\d.,{}\\]+$/.test(last.replace(/\\frac|\s/g, "")) ? last : content;
}

// Words a bare answer may contain: connectors and function names. Anything else is prose.
const ALLOWED_WORDS = /\b(?:and|or|sin|cos|tan|sec|csc|cot|log|ln|exp|sqrt|pi|inf|infinity|mod|am|pm|AM|PM)\b/g;
const TRAILING_UNITS = /(\d|\})\s+[a-zA-Z]+(?:\s+[a-zA-Z]+)?\.?$/;
const MAX_BARE_CHARS = 300;

/** The whole response is an answer and nothing else: short, at most a few lines, no prose. */
export function looksLikeBareAnswer(response: string): boolean {
  const text = response.trim();
  if (!text || text.length > MAX_BARE_CHARS || text.split("\n").length > 3) return false;
  if (!/[\d\\]|[<>=]/.test(text) && !/^[a-zA-Z]$/.test(text)) return false;
  const words = text
    .replace(/\\(?:begin|end)\{[a-zA-Z*]+\}(?:\{[^}]*\})?/g, " ")
    .replace(/\\[a-zA-Z]+/g, " ")
    .replace(TRAILING_UNITS, "$1")
    .replace(ALLOWED_WORDS, " ");
  return !/[a-zA-Z]{2,}/.test(words);
}
