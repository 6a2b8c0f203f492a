// GSM8K-style word problems are full of prices ("$20, $60, $15, and $40"), and remark-math
// pairs any two single dollars into inline math, so the amounts vanished into italics.
// Pandoc's rule tells a price from a formula: an opening `$` is followed by a non-space, and a
// closing `$` follows a non-space and is not followed by a digit. A `$` that cannot be paired
// under that rule is escaped (`\$`) and shows as a dollar sign. Code and `$$…$$` are left alone.

const PROTECTED = /(```[\s\S]*?(?:```|$)|~~~[\s\S]*?(?:~~~|$)|(`+)[\s\S]*?\2|\$\$[\s\S]*?\$\$)/g;

const opens = (s: string, i: number) => i + 1 < s.length && !/\s/.test(s[i + 1]);
const closes = (s: string, i: number) => i > 0 && !/\s/.test(s[i - 1]) && !/\d/.test(s[i + 1] ?? "");

function escapeUnpaired(text: string): string {
  const dollars: number[] = [];
  for (let i = 0; i < text.length; i++) if (text[i] === "$" && text[i - 1] !== "\\") dollars.push(i); // \$ is already literal
  if (!dollars.length) return text;
  const literal = new Set<number>();
  for (let d = 0; d < dollars.length; d++) {
    const open = dollars[d];
    const close = opens(text, open) ? dollars.slice(d + 1).findIndex((i) => closes(text, i)) : -1;
    if (close === -1) {
      literal.add(open);
      continue;
    }
    d += close + 1; // the pair is math; go on after its closing dollar
  }
  let out = "";
  for (let i = 0; i < text.length; i++) out += literal.has(i) ? "\\$" : text[i];
  return out;
}

/** The text with every `$` that is not a math delimiter escaped (code and `$$` untouched). */
export function escapeLiteralDollars(md: string): string {
  if (!md.includes("$")) return md;
  let out = "";
  let last = 0;
  for (const m of md.matchAll(PROTECTED)) {
    out += escapeUnpaired(md.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return out + escapeUnpaired(md.slice(last));
}
