import { extractLastBoxed } from "./extract";
import { splitTopLevel, unwrapCommands } from "./latex-groups";

// Turns an answer as written ("$\dfrac{1}{2}$.", "\text{5 cm}", "x = 3", "28\%") into a
// canonical LaTeX-ish string that the numeric, structure and expression comparers read.
// It only removes presentation; it never changes the value, except that a percent sign
// is recorded as a flag (28% may mean 28 or 0.28, the comparer decides).

export type NormalisedAnswer = {
  text: string;
  percent: boolean;
  /** The name a leading "y =" / "f(x) =" gave the value (stripped from text), for equations. */
  name?: string;
  /** "PQ=7, RS=2", "(a,b)=(5,1)": the names of the listed values, in order (text holds the values). */
  names?: string[];
};

const UNICODE_TO_LATEX: [RegExp, string][] = [
  [/[\u2212\u2013\u2014]/g, "-"], // minus sign and dashes typed for minus
  [/\u00d7/g, "\\times "],
  [/\u00f7/g, "\\div "],
  [/[\u00b7\u22c5]/g, "\\cdot "],
  [/\u03c0/g, "\\pi "],
  [/\u221e/g, "\\infty "],
  [/\u221a/g, "\\sqrt"],
  [/\u222a/g, "\\cup "],
  [/\u2264/g, "\\le "],
  [/\u2265/g, "\\ge "],
  [/\u2260/g, "\\ne "],
  [/\u00b1/g, "\\pm "],
  [/[\uff1a\u2236]/g, ":"], // full-width colon, ratio sign
  [/\u00b2/g, "^2"],
  [/\u00b3/g, "^3"],
  [/[\u00a0\u2009\u202f]/g, " "],
];

const TEXT_WRAPPERS = ["text", "textbf", "textit", "textrm", "textnormal", "mathrm", "mathbf", "mathit", "mbox", "hbox"];

// Words after a number that name a unit, not a quantity: "12 dollars", "5 cm^2". Math words
// that only look like units must survive.
const TRAILING_UNIT = /^(.*?[\d}).])\s+((?:[a-zA-Z]{2,}\.?)(?:\s+[a-zA-Z]+\.?)*(?:\^\{?[23]\}?)?)$/;
const NOT_UNITS = new Set(["pi", "sqrt", "infty", "inf", "infinity", "sin", "cos", "tan", "log", "ln", "exp"]);

// A leading "x =", "f(x) =", "\theta =", "x \in" names the answer; the value is what follows.
const LEADING_NAME = /^((?:[a-zA-Z](?:_\{?\w+\}?)?(?:\([^()=]{1,12}\))?|\\[a-zA-Z]+))\s*(?:=|\\in\b)\s*/;
// One assignment of a list: "PQ = 7", "m=6", "x_1 = 2", "\alpha = 3".
const ASSIGNMENT = /^\s*([a-zA-Z]{1,3}(?:_\{?\w+\}?)?|\\[a-zA-Z]+)\s*=\s*([^=]+)$/;
// "(a, b) = (5, 1)": a tuple of names equal to a tuple of values.
const NAMED_TUPLE = /^\(\s*((?:[a-zA-Z](?:_\{?\w+\}?)?\s*,\s*)+[a-zA-Z](?:_\{?\w+\}?)?)\s*\)\s*=\s*(\(.*\))$/;
// "2 500", "1 000 000": a space between digit groups is a thousands separator.
const TWELVE_HOUR = /^(\d{1,2}):(\d{2})\s*([ap])\.?\s*m\.?$/i;
const SPACED_DIGITS = /^-?\d{1,3}(?: \d{3})+(?:\.\d+)?$/;

// Pure, and the same strings come back again and again (a reference against k samples, the
// members of a set against each other): remember them. Cleared wholesale when full.
const CACHE_LIMIT = 10_000;
const cache = new Map<string, NormalisedAnswer>();

export function normaliseMathAnswer(raw: string): NormalisedAnswer {
  const cached = cache.get(raw);
  if (cached) return cached;
  const result = normaliseUncached(raw);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(raw, result);
  return result;
}

function normaliseUncached(raw: string): NormalisedAnswer {
  let text = raw.trim();
  if (text.includes("\\boxed") || text.includes("\\fbox")) text = extractLastBoxed(text) ?? text;
  for (const [pattern, replacement] of UNICODE_TO_LATEX) text = text.replace(pattern, replacement);

  text = stripMathDelimiters(text).replace(/\*\*/g, "");
  if (text.includes("\\begin")) text = text.replace(MATRIX, (_, _env, body: string) => matrixAsTuple(body));
  text = text
    .replace(/\\left\s*\.|\\right\s*\./g, "")
    .replace(/\\(?:left|right|bigl|bigr|Bigl|Bigr|big|Big|displaystyle|textstyle)\b/g, "")
    // A thin space between digit groups is a thousands separator: "1,\!000", "3\,000".
    .replace(/(\d),?\\[,!]\s*(?=\d{3}(?!\d))/g, "$1")
    .replace(/\\!/g, "")
    .replace(/\\(?:[,;: ]|quad\b|qquad\b)/g, " ")
    .replace(/~/g, " ")
    .replace(/\{,\}/g, ",")
    .replace(/\\[dtc]frac(?![a-zA-Z])/g, "\\frac")
    .replace(/\\[dt]binom(?![a-zA-Z])/g, "\\binom")
    .replace(/\\colon\b/g, ":");
  text = unwrapCommands(text, TEXT_WRAPPERS, " ");

  // Degrees are noise: "30^\circ" and "30°" both mean 30.
  text = text
    .replace(/\^\s*\{?\s*\\circ\s*\}?|\\circ\b|\\degree\b|\u00b0/g, "")
    .replace(/\s*\bdeg(?:ree)?s?\b\.?$/i, "");

  let percent = false;
  const withoutPercent = text.replace(/\s*(?:\\%|%|\bper\s?cent\b\.?)\s*\.?$/i, "");
  if (withoutPercent !== text) {
    percent = true;
    text = withoutPercent;
  }
  text = text.replace(/\\\$|\$/g, "");

  text = text.replace(/\\\{/g, "⦃").replace(/\\\}/g, "⦄").replace(/\\langle\b/g, "⟨").replace(/\\rangle\b/g, "⟩");
  text = text.replace(/\\cup\b/g, "∪");
  text = text.replace(/\s+/g, " ").trim().replace(/[.,;:]+$/, "").trim(); // "!" may be a factorial
  if (SPACED_DIGITS.test(text)) text = text.replace(/ /g, "");
  // "3:45 PM" → "15:45": a 12-hour time as the 24-hour one (before "PM" looks like a unit).
  text = text.replace(TWELVE_HOUR, (_, h: string, m: string, half: string) => `${(Number(h) % 12) + (/p/i.test(half) ? 12 : 0)}:${m}`);

  const named = namedValues(text);
  if (named) return { text: named.values.join(", "), percent, names: named.names };
  const leading = LEADING_NAME.exec(text);
  let name: string | undefined;
  if (leading && !/^[<>]/.test(text.slice(leading[0].length))) {
    name = leading[1];
    text = text.slice(leading[0].length);
  }

  const unit = TRAILING_UNIT.exec(text);
  if (unit && !NOT_UNITS.has(unit[2].toLowerCase()) && !/\\$/.test(unit[1])) text = unit[1].trim();
  return { text: text.replace(/[.,;:]+$/, ""), percent, ...(name ? { name } : {}) };
}

/** "PQ=7, RS=2" → names [PQ, RS], values [7, 2]; "(a,b)=(5,1)" likewise. Null when not a named list. */
function namedValues(text: string): { names: string[]; values: string[] } | null {
  const tuple = NAMED_TUPLE.exec(text);
  if (tuple) {
    const names = tuple[1].split(",").map((n) => n.trim());
    const values = splitTopLevel(tuple[2].slice(1, -1), ",").map((v) => v.trim());
    return names.length === values.length ? { names, values } : null;
  }
  if (!text.includes("=")) return null;
  const items = splitTopLevel(text, text.includes(";") ? ";" : ",");
  if (items.length < 2) return null;
  const pairs = items.map((item) => ASSIGNMENT.exec(item));
  if (pairs.some((p) => p === null)) return null;
  return { names: pairs.map((p) => p![1]), values: pairs.map((p) => p![2].trim()) };
}

// Vectors and matrices become tuples: a column or row vector (1, 2), a matrix ((1, 2), (3, 4)).
const MATRIX = /\\begin\{([pbvB]?matrix|array)\}(?:\{[^}]*\})?([\s\S]*?)\\end\{\1\}/g;

function matrixAsTuple(body: string): string {
  const rows = body
    .split("\\\\")
    .map((row) => row.split("&").map((cell) => cell.trim()))
    .filter((row) => row.some((cell) => cell !== ""));
  if (rows.length === 1 || rows.every((row) => row.length === 1)) return `(${rows.flat().join(", ")})`;
  return `(${rows.map((row) => `(${row.join(", ")})`).join(", ")})`;
}

function stripMathDelimiters(text: string): string {
  let result = text;
  for (let changed = true; changed; ) {
    changed = false;
    for (const [open, close] of [["$$", "$$"], ["$", "$"], ["\\(", "\\)"], ["\\[", "\\]"]]) {
      if (result.length > open.length + close.length && result.startsWith(open) && result.endsWith(close)) {
        result = result.slice(open.length, result.length - close.length).trim();
        changed = true;
      }
    }
  }
  // A trailing period after the closing delimiter: "$42$."
  const sentence = /^\$([^$]+)\$\s*[.,]?$/.exec(result);
  return sentence ? sentence[1].trim() : result;
}
