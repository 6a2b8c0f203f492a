// Why a line was rejected is stored in PostgreSQL (import_error.reason), shown on the import
// page and printed by the CLI. A reason often quotes the line (V8's JSON errors do, and so
// does "unknown domain"), and a hostile line holds what none of those places can take: NUL
// (PostgreSQL text refuses it and the whole chunk failed), terminal escapes, bidi overrides,
// lone surrogates. Every reason goes through safeReason() before it leaves the parser or the
// writer.

export const MAX_REASON_CHARS = 300;

/**
 * C0 and C1 controls, DEL, lone surrogates, and the invisible formatting characters that
 * reorder or hide text (bidi embeddings/overrides/isolates, zero-width, BOM).
 */
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;

/** The reason with unsafe characters escaped visibly (`\u0000`) and capped in length. */
export function safeReason(reason: string): string {
  const visible = reason.replace(UNSAFE, escape);
  if (visible.length <= MAX_REASON_CHARS) return visible;
  // Cut on a code point boundary, and not inside an escape we just wrote.
  let cut = MAX_REASON_CHARS - 1;
  const lastEscape = visible.lastIndexOf("\\u", cut);
  if (lastEscape > cut - 6) cut = lastEscape;
  if (/[\ud800-\udbff]/.test(visible[cut - 1] ?? "")) cut--;
  return visible.slice(0, cut) + "…";
}
