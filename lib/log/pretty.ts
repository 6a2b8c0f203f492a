// The one readable format for a terminal: `12:03:04 INFO  worker   message  key=value`.
// Everything Edgewise prints is a pino record (JSON); on a terminal it is shown through this,
// elsewhere it stays JSON lines. A small formatter instead of pino-pretty: pino-pretty runs as
// a transport in a worker thread, which Next.js's server bundle does not load reliably.

const LEVELS: Record<number, { name: string; color: string }> = {
  10: { name: "TRACE", color: "\x1b[90m" },
  20: { name: "DEBUG", color: "\x1b[90m" },
  30: { name: "INFO", color: "\x1b[32m" },
  40: { name: "WARN", color: "\x1b[33m" },
  50: { name: "ERROR", color: "\x1b[31m" },
  60: { name: "FATAL", color: "\x1b[41m" },
};
const RESET = "\x1b[0m";
const DIM = "\x1b[2m";
/** Keys every record has, or that the line shows in its own place. */
const SHOWN = new Set(["level", "time", "pid", "hostname", "msg", "process", "err"]);

export type LogRecord = Record<string, unknown> & { level?: number; time?: number; msg?: string; process?: string };

export function formatRecord(r: LogRecord, opts: { color: boolean }): string {
  const paint = (code: string, s: string) => (opts.color ? `${code}${s}${RESET}` : s);
  const level = LEVELS[r.level ?? 30] ?? { name: String(r.level), color: "" };
  const time = new Date(typeof r.time === "number" ? r.time : Date.now()).toTimeString().slice(0, 8);
  const extras = Object.entries(r)
    .filter(([k, v]) => !SHOWN.has(k) && v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`);
  const head = [paint(DIM, time), paint(level.color, level.name.padEnd(5)), r.process ? paint(DIM, String(r.process).padEnd(9)) : "", r.msg ?? ""];
  let line = head.filter((p) => p !== "").join(" ");
  if (extras.length) line += "  " + paint(DIM, extras.join(" "));
  const err = r.err as { stack?: string; message?: string } | undefined;
  if (err) line += "\n" + (err.stack ?? err.message ?? JSON.stringify(err)).replace(/^/gm, "    ");
  return line + "\n";
}

/** A line a child process printed: its JSON record if it is one, else a record wrapping the text. */
export function recordOfLine(line: string, fallback: { process: string; level: number; pid?: number }): LogRecord {
  if (line.startsWith("{")) {
    try {
      const parsed = JSON.parse(line) as unknown;
      if (parsed && typeof parsed === "object" && "level" in parsed) return { process: fallback.process, ...(parsed as LogRecord) };
    } catch {
      // not JSON after all: wrapped below
    }
  }
  return { level: fallback.level, time: Date.now(), pid: fallback.pid, process: fallback.process, msg: line };
}
