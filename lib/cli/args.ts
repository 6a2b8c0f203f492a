import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";

/** The user's own folder: bin/edgewise.mjs moves the process to the project root. */
export function userPath(p: string): string {
  return path.resolve(process.env.EDGEWISE_CALLER_CWD ?? process.cwd(), p);
}

export class UsageError extends Error {}

/** util.parseArgs with errors turned into usage errors (printed with the command's help). */
export function parse<T extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** Who a local (direct-database) command acts as in import and audit records: the OS user. */
export function cliActor(): string {
  let name = process.env.USER || process.env.USERNAME;
  try {
    name ||= os.userInfo().username; // containers often run without USER set
  } catch {
    // no passwd entry for this uid
  }
  return `cli (${name || "unknown"})`;
}

/** Flags every command takes (main.ts answers --help before a command loads). */
export const commonOptions = {
  json: { type: "boolean" },
  url: { type: "string" },
  token: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * A file argument the command will read: its absolute path, or a failure (exit 1, not bad
 * usage) that names the path — the command was used right, the file is the problem.
 */
export function readableFile(arg: string): string {
  const file = userPath(arg);
  try {
    fs.accessSync(file, fs.constants.R_OK);
    if (fs.statSync(file).isDirectory()) throw Object.assign(new Error("is a folder"), { code: "EISDIR" });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : code === "EISDIR" ? "it is a folder" : (err as Error).message;
    throw new Error(`cannot read ${file}: ${why}`);
  }
  return file;
}

/** A numeric flag: undefined when absent, a usage error when not a number. */
export function numberFlag(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === "" || !Number.isFinite(n)) throw new UsageError(`--${name} must be a number, not "${v}"`);
  return n;
}

/** A positional id (run, snapshot, candidate): a positive integer. */
export function idArg(what: string, v: string | undefined): number {
  const n = Number(v);
  if (v === undefined || !Number.isInteger(n) || n <= 0 || n > 2_147_483_647) throw new UsageError(`give ${what} as a positive whole number${v === undefined ? "" : `, not "${v}"`}`);
  return n;
}

/** zod issues of a CLI-side check, as one usage line ("--band-low: …"). */
export function usageFromIssues(issues: { path: PropertyKey[]; message: string }[], flags: Record<string, string> = {}): UsageError {
  return new UsageError(
    issues.map((i) => {
      const key = String(i.path[0] ?? "");
      return `${key ? `${flags[key] ?? key}: ` : ""}${i.message}`;
    }).join("; "),
  );
}
