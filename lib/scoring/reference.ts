// Whether a written answer counts as a reference: it has a character that is not whitespace.
// One rule for TypeScript (the driver's own-reference check) and SQL (settlement): they used to
// differ — JS trim() drops every Unicode space, PostgreSQL's btrim() only ' ' — so an answer of
// "\n" was "no reference" to the driver and "has one" to settlement, and the candidate was
// claimed again and again until it "gave up after 8 attempts" instead of going to the teacher
// or ending unverifiable. The class is JS's \s (what trim() removes), spelled out so that
// PostgreSQL's regex engine reads the same set whatever the database locale.

const WHITESPACE = "\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff";
const NOT_BLANK = new RegExp(`[^${WHITESPACE}]`, "u");

export function hasWrittenReference(answer: string | null | undefined): answer is string {
  return typeof answer === "string" && NOT_BLANK.test(answer);
}

/** The SQL twin of hasWrittenReference over a text column (pinned by reference.db.test.ts). */
export function hasWrittenReferenceSql(column: string): string {
  return `(${column} is not null and ${column} ~ '[^${WHITESPACE}]')`;
}
