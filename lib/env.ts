import path from "node:path";
import { z } from "zod";

// The only reader of process.env: everything else imports `env`. Validated once, so a typo
// in a variable fails at start with a clear message instead of deep inside a request.
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().url().optional(),
  EDGEWISE_HOME: z.string().default(".edgewise"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  EDGEWISE_DEMO: z.enum(["0", "1"]).default("1"),
  EDGEWISE_EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  EDGEWISE_MAX_UPLOAD_MB: z.coerce.number().int().positive().default(4096),
  /** Public base URL of the web app (auth origin checks, CLI default). */
  EDGEWISE_URL: z.string().url().optional(),
  /** Signs session cookies. Unset: generated once into EDGEWISE_HOME/auth-secret. */
  EDGEWISE_AUTH_SECRET: z.string().min(32).optional(),
  /** API token the CLI sends to a running server (--url / EDGEWISE_URL). */
  EDGEWISE_TOKEN: z.string().optional(),
  /** The first admin created on an empty database (password generated and printed if unset). */
  EDGEWISE_ADMIN_EMAIL: z.string().email().optional(),
  EDGEWISE_ADMIN_PASSWORD: z.string().min(8).optional(),
  /** `npm start` also runs the model simulator (0: don't). */
  EDGEWISE_SIM: z.enum(["0", "1"]).default("1"),
  EDGEWISE_SIM_PORT: z.coerce.number().int().min(1).max(65535).default(3090),
  /** Simulator faults (`npm run model:sim`; flags override): latency base + jitter, shares. */
  EDGEWISE_SIM_LATENCY_MS: z.coerce.number().min(0).optional(),
  EDGEWISE_SIM_JITTER_MS: z.coerce.number().min(0).optional(),
  EDGEWISE_SIM_RATE_429: z.coerce.number().min(0).max(1).optional(),
  EDGEWISE_SIM_RATE_5XX: z.coerce.number().min(0).max(1).optional(),
  EDGEWISE_SIM_RATE_GARBAGE: z.coerce.number().min(0).max(1).optional(),
  EDGEWISE_SIM_SEED: z.coerce.number().int().optional(),
  // Provider quirks the simulator plays (lib/models/simulator/quirks.ts, issue 15).
  EDGEWISE_SIM_N: z.enum(["honour", "ignore", "refuse"]).optional(),
  EDGEWISE_SIM_REFUSE_MAX_TOKENS: z.enum(["0", "1"]).optional(),
  EDGEWISE_SIM_REFUSE_TEMPERATURE: z.enum(["0", "1"]).optional(),
  EDGEWISE_SIM_REASONING: z.enum(["none", "think", "reasoning_content", "reasoning"]).optional(),
  EDGEWISE_SIM_REASONING_TOKENS: z.coerce.number().int().min(0).optional(),
  EDGEWISE_SIM_RATE_REFUSAL: z.coerce.number().min(0).max(1).optional(),
  EDGEWISE_SIM_RATE_CONTENT_FILTER: z.coerce.number().min(0).max(1).optional(),
  /** How long a scoring driver holds claimed candidates before another worker may take them. */
  EDGEWISE_SCORING_LEASE_SECONDS: z.coerce.number().positive().max(3600).default(60),
  /**
   * A running import whose heartbeat is older than this is dead (its process is gone). It beats
   * every 5 s; 60 s rides out GC pauses, a busy machine and a short database restart without
   * taking an import away from a live process. Tests shorten it.
   */
  EDGEWISE_IMPORT_DEAD_SECONDS: z.coerce.number().min(1).max(3600).default(60),
  /**
   * Days a worker export's files stay under EDGEWISE_HOME/exports after it finished; then the
   * worker's sweep deletes its folder (the job, its file list and manifest stay). 0: forever.
   */
  EDGEWISE_EXPORT_KEEP_DAYS: z.coerce.number().int().min(0).max(36500).default(30),
  /** How long a claimed review item stays a reviewer's without a heartbeat (the screen beats every 20 s). */
  EDGEWISE_REVIEW_LEASE_SECONDS: z.coerce.number().min(1).max(86400).default(90),
  /**
   * Reverse proxies whose X-Forwarded-For is believed (comma-separated addresses or CIDR
   * ranges, e.g. "127.0.0.1,10.0.0.0/8"). Unset: the socket's address is the client's.
   */
  EDGEWISE_TRUST_PROXY: z
    .string()
    .transform((s) => s.split(",").map((p) => p.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[0-9a-fA-F:.]+(\/\d{1,3})?$/, "an IP address or CIDR range")))
    .default([]),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Terminal output: `auto` is readable lines on a terminal and JSON lines otherwise (lib/log). */
  LOG_FORMAT: z.enum(["auto", "json", "pretty"]).default("auto"),

  // --- Runtime: where the web server listens (issue 8; docs/decisions/0012, 0013) ---
  /** Interface the web server binds to: loopback by default; `0.0.0.0` (or an address) exposes it. */
  EDGEWISE_HOST: z.string().min(1).default("127.0.0.1"),
});

export type Env = z.infer<typeof schema>;

function load(): Env {
  // An empty variable (FOO= in a compose file) means "not set", not "set to nothing".
  const given = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== ""));
  const parsed = schema.safeParse(given);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

export const env = load();

/** Absolute path of the local state folder (embedded database, uploads). */
export const homeDir = path.resolve(env.EDGEWISE_HOME);

/** Whether this process should talk to an embedded PostgreSQL (no DATABASE_URL given). */
export const usesEmbeddedDatabase = () => !process.env.DATABASE_URL;

/** The database URL, read late: the launcher sets it after starting the embedded server. */
export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set and no embedded database was started");
  return url;
}

/** Where the web app is reached; auth trusts this origin for mutations. */
export const publicUrl = () => (process.env.EDGEWISE_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, "");

/**
 * Origins the auth layer accepts mutations from: the public URL, and without one both names
 * of the loopback server (http://localhost and http://127.0.0.1 reach the same process).
 */
export const trustedOrigins = () =>
  process.env.EDGEWISE_URL ? [publicUrl()] : [publicUrl(), `http://127.0.0.1:${env.PORT}`];

/** Whether the public URL is https: cookies are then `Secure` (and `__Secure-` prefixed). */
export const publicUrlIsHttps = () => publicUrl().startsWith("https://");

/** A host name or address that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127(?:\.\d{1,3}){3}$/.test(h);
}

/**
 * A model endpoint's API key from the environment variable it names (endpoints store the
 * name, never the value). Read late and unvalidated: the name is chosen by an admin.
 */
export function namedSecret(name: string): string | undefined {
  const value = process.env[name];
  return value ? value : undefined;
}

/**
 * Scoring lease length, read late (like databaseUrl) so a test can shorten it before the
 * first run; the validated default otherwise.
 */
export function scoringLeaseSeconds(): number {
  const v = process.env.EDGEWISE_SCORING_LEASE_SECONDS;
  return v ? schema.shape.EDGEWISE_SCORING_LEASE_SECONDS.parse(v) : env.EDGEWISE_SCORING_LEASE_SECONDS;
}

/** Import heartbeat threshold, read late like scoringLeaseSeconds (tests set it per process). */
export function importDeadSeconds(): number {
  const v = process.env.EDGEWISE_IMPORT_DEAD_SECONDS;
  return v ? schema.shape.EDGEWISE_IMPORT_DEAD_SECONDS.parse(v) : env.EDGEWISE_IMPORT_DEAD_SECONDS;
}

/** Review lease length, read late like scoringLeaseSeconds (tests set it per process). */
export function reviewLeaseSeconds(): number {
  const v = process.env.EDGEWISE_REVIEW_LEASE_SECONDS;
  return v ? schema.shape.EDGEWISE_REVIEW_LEASE_SECONDS.parse(v) : env.EDGEWISE_REVIEW_LEASE_SECONDS;
}

/** Export retention in days (0: keep forever), read late like scoringLeaseSeconds. */
export function exportKeepDays(): number {
  const v = process.env.EDGEWISE_EXPORT_KEEP_DAYS;
  return v ? schema.shape.EDGEWISE_EXPORT_KEEP_DAYS.parse(v) : env.EDGEWISE_EXPORT_KEEP_DAYS;
}
