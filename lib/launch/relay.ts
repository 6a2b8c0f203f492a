import type { ChildProcess } from "node:child_process";
import readline from "node:readline";
import { recordOfLine, writeRecord } from "@/lib/log";

// `npm start`'s children (next build, the web server, the worker, the simulator) print into
// pipes; the launcher shows every line in its one format. Their own pino records are JSON
// (they run with LOG_FORMAT=json) and keep their fields; anything else — Next.js's banner,
// a stack trace — becomes a record of that child (stderr lines as warnings).

const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

export function relayOutput(child: ChildProcess, name: string): void {
  const streams = [
    [child.stdout, 30],
    [child.stderr, 40],
  ] as const;
  for (const [stream, level] of streams) {
    if (!stream) continue;
    readline.createInterface({ input: stream, crlfDelay: Infinity }).on("line", (raw) => {
      const line = raw.replace(ANSI, "").trimEnd();
      if (line.trim()) writeRecord(recordOfLine(line, { process: name, level, pid: child.pid }));
    });
  }
}

/** Spawn options for a relayed child: stdin stays the terminal's, output comes through pipes. */
export const RELAYED_STDIO = ["inherit", "pipe", "pipe"] as const;
