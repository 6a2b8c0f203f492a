import { codeTestsOf } from "@/lib/verify";
import type { AnswerKind } from "./context";

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

/**
 * Whether a candidate brings its own reference in a domain of this answer kind: a written
 * answer, or for code the tests codeTestsOf reads (a non-empty array of strings, and setup
 * code, if any, a string). Kind "none" has one when it has a written answer, but only a judge
 * can grade against it (plan.ts: without a judge such a candidate is unverifiable).
 */
export function hasOwnReference(kind: AnswerKind, answer: string | null | undefined, metadata: unknown): boolean {
  if (kind === "code") return codeTestsOf(metadata) !== null;
  return hasWrittenReference(answer);
}

/**
 * The SQL twin of hasOwnReference over candidate columns (pinned by reference.db.test.ts). For
 * code it used to accept any non-empty JSON array, so a candidate with tests of numbers had a
 * reference to settlement but none to the driver: never sampled, never settled, claimed until
 * the run gave up on it, instead of ending unverifiable at once.
 */
export function hasOwnReferenceSql(kind: AnswerKind, answer: string, metadata: string): string {
  if (kind !== "code") return hasWrittenReferenceSql(answer);
  const tests = `${metadata}->'tests'`;
  // CASE, not AND: jsonb_array_elements throws on a non-array, and AND may evaluate it first.
  return `(case when jsonb_typeof(${tests}) = 'array'
                then jsonb_array_length(${tests}) > 0
                     and not exists (select 1 from jsonb_array_elements(${tests}) t where jsonb_typeof(t) <> 'string')
                     and coalesce(jsonb_typeof(${metadata}->'test_setup_code'), 'string') = 'string'
                else false end)`;
}
