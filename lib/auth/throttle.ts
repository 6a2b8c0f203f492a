import { pool } from "@/lib/db/client";

// Sign-in throttle (docs/decisions/0014). An attempt is *taken* before the password is
// checked, in one upsert that locks the key's row, so concurrent guesses queue on it and
// only the allowed number ever reach the password check. Two keys:
//   "email|address"  — one client: `free` attempts, then exponential backoff
//                      (1 s, 2 s, 4 s … capped); a successful sign-in clears it.
//   "email|*"        — the account from everywhere: a looser ceiling that slows address
//                      rotation; a client that signed in from its address recently skips it.
// Nothing locks an account: somebody else's guesses cost the real user at most a delay.

export const THROTTLE = {
  /** Attempts per (account, client) before backoff starts. */
  free: 5,
  /** Attempts per account, all clients together, before backoff starts. */
  accountFree: 50,
  baseDelayMs: 1000,
  maxDelayMs: 15 * 60_000,
  /** A key left alone this long starts over. */
  quietMinutes: 15,
  /** A successful sign-in from an address vouches for it this long (skips the account ceiling). */
  knownDays: 30,
};

export type Take = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Takes one attempt for `key`, or says how long to wait. Atomic per key. */
export async function takeAttempt(key: string, free: number): Promise<Take> {
  // n = this attempt's number; from the free-th on, the next one must wait base·2^(n−free).
  const n = "case when t.updated_at < now() - make_interval(mins => $3) then 1 else t.attempts + 1 end";
  // A free attempt leaves next_allowed at -infinity, not now(): now() is each statement's start,
  // so a guess that queued on the row lock began *before* the one it waited for, and would see
  // that one's now() as the future and be refused (seen as 4 of 5 free guesses under load).
  const nextAllowed = (a: string) =>
    `case when ${a} >= $2 then now() + make_interval(secs => least($4::float8 * 2 ^ (${a} - $2), $5::float8) / 1000) else '-infinity'::timestamptz end`;
  const taken = await pool().query(
    `insert into sign_in_throttle as t (key, attempts, next_allowed, updated_at)
     values ($1, 1, ${nextAllowed("1")}, now())
     on conflict (key) do update set attempts = ${n}, next_allowed = ${nextAllowed(n)}, updated_at = now()
     where t.next_allowed <= now() or t.updated_at < now() - make_interval(mins => $3)
     returning attempts`,
    [key, free, THROTTLE.quietMinutes, THROTTLE.baseDelayMs, THROTTLE.maxDelayMs],
  );
  if (taken.rowCount) return { allowed: true };
  const { rows } = await pool().query<{ ms: number }>(
    "select extract(epoch from greatest(next_allowed, now()) - now()) * 1000 as ms from sign_in_throttle where key = $1",
    [key],
  );
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(Number(rows[0]?.ms ?? 1000) / 1000)) };
}

/** A successful sign-in: this client starts over (the account-wide count just decays). */
export async function clearAttempts(key: string): Promise<void> {
  await pool().query("delete from sign_in_throttle where key = $1", [key]);
}

/** Keys nobody touched for a while, so guessing random emails does not grow the table. */
export async function pruneAttempts(): Promise<void> {
  await pool().query("delete from sign_in_throttle where updated_at < now() - make_interval(mins => $1)", [THROTTLE.quietMinutes * 2]);
}

export const clientKey = (email: string, address: string | null) => `${email}|${address ?? "unknown"}`;
export const accountKey = (email: string) => `${email}|*`;

/** Every key of one account (all clients and the account-wide one): after an admin reset, the new password is unguessable. */
export async function clearAccountAttempts(email: string): Promise<void> {
  await pool().query("delete from sign_in_throttle where left(key, length($1) + 1) = $1 || '|'", [email]);
}
