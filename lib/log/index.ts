import pino from "pino";
import { env } from "@/lib/env";
import { formatRecord } from "./pretty";

export { formatRecord, recordOfLine, type LogRecord } from "./pretty";

/** JSON lines (for collectors) unless a person is watching: a terminal, or LOG_FORMAT=pretty. */
export const logAsJson = env.LOG_FORMAT === "json" || (env.LOG_FORMAT === "auto" && !process.stdout.isTTY);

const level = env.NODE_ENV === "test" ? "silent" : env.LOG_LEVEL;
const threshold = level === "silent" ? Infinity : pino.levels.values[level];

/**
 * Where records go as text: JSON as is, or the readable line (colored on a terminal). Records
 * below LOG_LEVEL are dropped, so a child's relayed lines (./pretty.ts recordOfLine) follow
 * the same level as this process's own.
 */
export function writeRecord(record: Record<string, unknown>): void {
  if (typeof record.level === "number" && record.level < threshold) return;
  process.stdout.write(logAsJson ? JSON.stringify(record) + "\n" : formatRecord(record, { color: !!process.stdout.isTTY }));
}

// Structured logs to stdout. Redaction is the last line of defence: secrets should never be
// passed to the logger in the first place.
export const log = pino(
  {
    level,
    redact: {
      paths: ["*.password", "*.token", "*.apiKey", "*.authorization", "*.cookie", "headers.authorization", "headers.cookie"],
      censor: "[redacted]",
    },
    base: { pid: process.pid },
  },
  logAsJson ? undefined : { write: (line: string) => writeRecord(JSON.parse(line) as Record<string, unknown>) },
);
