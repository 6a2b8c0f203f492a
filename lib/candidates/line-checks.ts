import type { CandidateRow } from "./formats";

// Checks for lines that parse as JSON yet cannot be stored, or hide something. Each runs on
// every line, so each starts with a test on the raw text that is cheaper than what it guards
// (a native indexOf or one regex), and walks the parsed value only when that test says the
// line could be affected.

/** Deeper JSON is refused: JSON.stringify overflows the stack near 10k levels, PostgreSQL's jsonb earlier still. */
export const MAX_DEPTH = 64;

/**
 * A NUL or a lone surrogate can only reach a parsed string through a \u escape: a raw NUL is
 * not valid JSON, and the UTF-8 decoder refuses encoded surrogates. So a line without
 * `\u0000` or `\uD8xx`–`\uDFxx` needs no further look (an escaped backslash before "u" makes
 * this match too: the walk then finds nothing).
 */
const RISKY_ESCAPE = /\\u(?:0000|[dD][89a-fA-F])/;
export const mayHoldUnstorable = (text: string): boolean => text.includes("\\u") && RISKY_ESCAPE.test(text);

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const isWellFormed = (s: string) => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

/** What in this string PostgreSQL cannot store (text refuses NUL, jsonb also lone surrogates). */
function textProblem(s: string): string | null {
  if (s.includes("\u0000")) return "a NUL character (\\u0000), which PostgreSQL cannot store";
  if (isWellFormed(s)) return null;
  const c = LONE_SURROGATE.exec(s)![0].charCodeAt(0);
  return `a lone surrogate (\\u${c.toString(16)}), which is not valid Unicode`;
}

const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

/** The first string or key under `value` with a problem, named by its path. Iterative: depth is checked elsewhere. */
function problemIn(value: unknown, path: string): string | null {
  const stack: [unknown, string][] = [[value, path]];
  while (stack.length) {
    const [v, p] = stack.pop()!;
    if (typeof v === "string") {
      const why = textProblem(v);
      if (why) return `"${p}" contains ${why}`;
    } else if (Array.isArray(v)) {
      v.forEach((e, i) => stack.push([e, join(p, i)]));
    } else if (v !== null && typeof v === "object") {
      for (const [k, e] of Object.entries(v)) {
        const why = textProblem(k);
        if (why) return `a key in "${p}" contains ${why}`;
        stack.push([e, join(p, k)]);
      }
    }
  }
  return null;
}

/** Why a converted row cannot be stored as it is, or null: every field it would write. */
export function unstorableField(row: CandidateRow): string | null {
  for (const field of ["prompt", "answer", "source", "domain"] as const) {
    const v = row[field];
    const why = v === null ? null : textProblem(v);
    if (why) return `"${field}" contains ${why}`;
  }
  return row.metadata === null ? null : problemIn(row.metadata, "metadata");
}

/** At least as many as the line's nesting depth: counts `{` and `[` (in strings too), up to `limit`. */
function bracketsExceed(text: string, limit: number): boolean {
  let n = 0;
  for (const open of ["{", "["]) {
    for (let i = text.indexOf(open); i !== -1; i = text.indexOf(open, i + 1)) if (++n > limit) return true;
  }
  return false;
}

function deeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (depth > limit) return true;
    for (const e of Array.isArray(v) ? v : Object.values(v)) if (e !== null && typeof e === "object") stack.push([e, depth + 1]);
  }
  return false;
}

/** The reason to refuse a line nested beyond MAX_DEPTH, or null. */
export function tooDeep(text: string, value: unknown): string | null {
  if (!bracketsExceed(text, MAX_DEPTH) || !deeperThan(value, MAX_DEPTH)) return null;
  return `JSON nested deeper than ${MAX_DEPTH} levels`;
}
