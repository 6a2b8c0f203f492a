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
