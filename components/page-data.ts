import { notFound } from "next/navigation";
import { MAX_INT4 } from "@/lib/db/ids";
import { AppError } from "@/lib/errors";

// Server pages look records up by the id in their URL: a malformed id or a missing record
// is the 404 page, anything else is a real error for error.tsx.

/** The positive int4 in a route param, or the 404 page ("99999999999999" and "1%00" too). */
export function idParam(raw: string): number {
  const id = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id) || id <= 0 || id > MAX_INT4) notFound();
  return id;
}

/** An optional keyset cursor from a page's query string: a positive int4, else ignored. */
export function cursorParam(raw: string | string[] | undefined): number | undefined {
  const v = Array.isArray(raw) ? raw[0] : raw;
  const n = v !== undefined && /^\d{1,10}$/.test(v) ? Number(v) : NaN;
  return n > 0 && n <= MAX_INT4 ? n : undefined;
}

/** Await a lib lookup; its AppError("not_found") becomes the 404 page. */
export async function orNotFound<T>(lookup: Promise<T>): Promise<T> {
  try {
    return await lookup;
  } catch (e) {
    if (e instanceof AppError && e.code === "not_found") notFound();
    throw e;
  }
}
