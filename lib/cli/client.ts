import type { Actor } from "@/lib/audit";
import type { Principal } from "@/lib/auth/principal";
import { cliActor } from "./args";
import { call, remoteFrom, type Remote } from "./remote";

// One action of the CLI, two ways to reach it: through the server's HTTP API with a token
// (the route runs the lib call as the token's owner), or by the same lib call on the database
// directly. Commands state both side by side, so they cannot drift apart unnoticed; the
// scripting test (docs/scripting) runs the remote path, the CLI DB tests the local one.

export interface Target {
  /** null: the database directly. */
  remote: Remote | null;
}

export function targetFrom(values: { url?: string; token?: string }): Target {
  return { remote: remoteFrom(values) };
}

export interface HttpCall {
  method?: "GET" | "POST" | "PATCH" | "DELETE";
  path: string;
  body?: unknown;
}

/** Run `http` on the server when there is one, else `local` (the same lib call its route makes). */
export async function act<T>(target: Target, http: HttpCall, local: () => Promise<T>): Promise<T> {
  if (!target.remote) return local();
  const init: RequestInit = { method: http.method ?? "GET" };
  if (http.body !== undefined) {
    init.body = JSON.stringify(http.body);
    init.headers = { "content-type": "application/json" };
  }
  return call<T>(target.remote, http.path, init);
}

/** A query string of the defined values ("" when none). */
export function query(values: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}

/** Who a direct-database command acts as in audit records: the OS user, like imports. */
export const localActor = (): Actor => ({ id: null, email: cliActor() });

/**
 * Reads on the database directly see what an admin sees: whoever holds DATABASE_URL (or the
 * embedded database's folder) can read every table anyway. Never used for writes that need a
 * person (review decisions take --as EMAIL).
 */
export const localReader = (): Principal => ({ userId: "", email: cliActor(), name: cliActor(), role: "admin", via: "token" });

/** `--json`: the value as one JSON line; otherwise the text. */
export function output(json: boolean | undefined, value: unknown, text: () => string): void {
  console.log(json ? JSON.stringify(value) : text());
}

/** A fixed-width text table (header + rows) for listings. */
export function table(header: string[], rows: (string | number | null | undefined)[][]): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (c === null || c === undefined ? "–" : String(c))))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  return cells.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join("  ")).join("\n");
}

/** A time as people scan it in a listing: "2026-01-31 14:05" (UTC; a Date here, an ISO string from the API). */
export const minute = (d: Date | string) => new Date(d).toISOString().slice(0, 16).replace("T", " ");
