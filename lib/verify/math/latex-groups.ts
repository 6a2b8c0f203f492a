// Brace- and bracket-aware scanning shared by extraction, normalisation and structure
// parsing. LaTeX answers nest (\boxed{\frac{1}{2}}, \{1, \frac{3}{4}\}), so regexes alone
// cannot find where a group ends.

/** `{…}` starting at `open` (which must be "{"): its inner text and the index after "}". */
export function readBracedGroup(text: string, open: number): { content: string; end: number } | null {
  if (text[open] !== "{") return null;
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === "\\") {
      i++; // \{ and \} are literal braces, not grouping
      continue;
    }
    if (ch === "{") depth++;
    else if (ch === "}" && --depth === 0) return { content: text.slice(open + 1, i), end: i + 1 };
  }
  return null;
}

/**
 * The argument of a LaTeX command starting at `at`: a braced group, or else one token
 * (`\frac12`, `\sqrt3`, `\boxed 5`) — a single character or a `\command`.
 */
export function readLatexArgument(text: string, at: number): { content: string; end: number } | null {
  let i = at;
  while (text[i] === " ") i++;
  if (i >= text.length) return null;
  if (text[i] === "{") return readBracedGroup(text, i);
  if (text[i] === "\\") {
    const name = /^\\[a-zA-Z]+/.exec(text.slice(i));
    const length = name ? name[0].length : 2;
    return { content: text.slice(i, i + length), end: i + length };
  }
  return { content: text[i], end: i + 1 };
}

/**
 * Replaces `\name{content}` by `prefix + content` for each listed command, nested ones too.
 * A prefix of " " keeps "5\text{cm}" readable as a number followed by a word.
 */
export function unwrapCommands(text: string, names: readonly string[], prefix = ""): string {
  if (!text.includes("\\")) return text;
  const pattern = new RegExp(`\\\\(?:${names.join("|")})\\s*\\{`, "g");
  let result = text;
  for (let guard = 0; guard < 50; guard++) {
    pattern.lastIndex = 0;
    const match = pattern.exec(result);
    if (!match) break;
    const group = readBracedGroup(result, match.index + match[0].length - 1);
    if (!group) break;
    result = result.slice(0, match.index) + prefix + group.content + result.slice(group.end);
  }
  return result;
}

// Normalisation rewrites \{ \} as ⦃ ⦄ and \langle \rangle as ⟨ ⟩, so that every bracket is
// one character here.
const OPENERS = new Set(["(", "[", "{", "⦃", "⟨"]);
const CLOSERS = new Set([")", "]", "}", "⦄", "⟩"]);

/**
 * Splits at the one-character `separator` where it is not nested in brackets. Brackets are
 * counted without pairing them, because half-open intervals ("[0, 9)") mix the two kinds.
 */
export function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (OPENERS.has(ch)) depth++;
    else if (CLOSERS.has(ch)) depth--;
    else if (depth === 0 && ch === separator) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/**
 * True when the bracket opening the text closes at its very last character, i.e. the whole
 * text is one group: "(1, 2)" yes, "(1) + (2)" no.
 */
export function isSingleGroup(text: string): boolean {
  if (!OPENERS.has(text[0]) || !CLOSERS.has(text[text.length - 1])) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (OPENERS.has(ch)) depth++;
    else if (CLOSERS.has(ch)) depth--;
    if (depth === 0 && i < text.length - 1) return false;
  }
  return depth === 0;
}
