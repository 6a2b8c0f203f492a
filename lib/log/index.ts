import pino from "pino";
import { env } from "@/lib/env";

// Structured logs to stdout. Redaction is the last line of defence: secrets should never be
// passed to the logger in the first place.
export const log = pino({
  level: env.NODE_ENV === "test" ? "silent" : env.LOG_LEVEL,
  redact: {
    paths: ["*.password", "*.token", "*.apiKey", "*.authorization", "*.cookie", "headers.authorization", "headers.cookie"],
    censor: "[redacted]",
  },
  base: { pid: process.pid },
});
