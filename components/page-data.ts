import { notFound } from "next/navigation";
import { AppError } from "@/lib/errors";

// Server pages look records up by the id in their URL: a malformed id or a missing record
// is the 404 page, anything else is a real error for error.tsx.

/** The positive integer in a route param, or the 404 page. */
export function idParam(raw: string): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  return id;
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
