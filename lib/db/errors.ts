import { AppError } from "@/lib/errors";
import { Prisma } from "./generated/client";

// Database errors a caller caused (a bad id, a record that is gone, text PostgreSQL refuses)
// mapped to user-safe AppErrors, in one place (the route wrapper calls it). Anything else is
// a bug and stays a 500. PostgreSQL codes: https://www.postgresql.org/docs/current/errcodes-appendix.html

const PG: Record<string, () => AppError> = {
  // invalid_text_representation: "abc" for an integer, a malformed uuid or enum value.
  "22P02": () => new AppError("bad_request", "A value in the request has the wrong form (e.g. text where a number belongs)"),
  // numeric_value_out_of_range: an id or cursor beyond the integer columns' range.
  "22003": () => new AppError("bad_request", "A number in the request is out of range (ids and cursors are at most 2147483647)"),
  // character_not_in_repertoire / untranslatable_character: a NUL (\0) in text.
  "22021": () => new AppError("bad_request", "Text in the request contains a NUL (\\0) character, which cannot be stored"),
  "22P05": () => new AppError("bad_request", "Text in the request contains a character that cannot be stored"),
  // query_canceled by statement_timeout: a request's SQL ran past its time budget.
  "57014": () =>
    new AppError("unprocessable", "This request took too long and was stopped. For a search: add a domain, stage or import filter, or more specific words."),
};

/** The SQLSTATE of a pg error, also when Prisma's pg adapter wrapped it. */
function sqlState(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown; originalCode?: unknown }; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } };
  // Prisma's own codes (P2020 …) look like SQLSTATEs: read the adapter's original code first.
  for (const c of [e?.meta?.driverAdapterError?.cause?.originalCode, e?.cause?.originalCode, e?.cause?.code, e?.code]) {
    if (typeof c === "string" && /^[0-9A-Z]{5}$/.test(c) && !c.startsWith("P")) return c;
  }
  return undefined;
}

export function appErrorFromDatabase(err: unknown): AppError | null {
  if (err instanceof Prisma.PrismaClientKnownRequestError) {
    const model = (err.meta as { modelName?: string } | undefined)?.modelName;
    // P2025: the record to update/delete/find does not exist. P2023: inconsistent column data
    // (a malformed id). P2001: the searched record does not exist.
    if (err.code === "P2025" || err.code === "P2001") return new AppError("not_found", `${model ?? "Record"} not found`);
    if (err.code === "P2023") return new AppError("bad_request", "A value in the request has the wrong form for its column");
  }
  const state = sqlState(err);
  return state && PG[state] ? PG[state]() : null;
}
