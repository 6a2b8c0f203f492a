// Text search over prompts: every word must appear, in any order, ignoring case; a "quoted
// phrase" must appear as written. Each term is a case-insensitive substring (ILIKE), so it
// needs no index and matches inside words and formulas ("frac" finds \frac{1}{2}).

const MAX_TERMS = 8;

/** LIKE treats % and _ as wildcards; a user searching for "50%" means the characters. */
export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The words and quoted phrases of a search box, at most MAX_TERMS of them. */
export function searchTerms(q: string): string[] {
  const terms = [...q.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => (m[1] ?? m[2]).trim()).filter(Boolean);
  return [...new Set(terms)].slice(0, MAX_TERMS);
}

/** One ILIKE condition on `column` per term; `param` appends a value and returns its placeholder. */
export function textConditions(column: string, q: string, param: (v: unknown) => string): string[] {
  return searchTerms(q).map((t) => `${column} ilike ${param(`%${escapeLike(t)}%`)}`);
}
