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
