import { z } from "zod";

/** Largest value of a PostgreSQL integer (int4) column: every id and cursor in Edgewise is one. */
export const MAX_INT4 = 2_147_483_647;

/**
 * A numeric id or keyset cursor from a URL, a form or a CLI flag: a positive integer that fits
 * the int4 column, so `99999999999999` is a clear 400 at the edge instead of a 500 from
 * PostgreSQL ("value out of range for type integer").
 */
export const dbId = z.coerce
  .number({ error: "must be a number" })
  .int("must be a whole number")
  .positive("must be positive")
  .max(MAX_INT4, `must be at most ${MAX_INT4}`);
