import http from "node:http";
import https from "node:https";

// The one HTTP call the gateway makes: POST {baseUrl}/chat/completions, non-streamed, on
// keep-alive sockets. It replaces the openai SDK (and before it, a fetch shim under the SDK):
// profiled under bench:scoring, the SDK's request building, header objects, logging hooks and
// per-request abort plumbing cost more driver CPU than the verification of the answers. What the
// SDK did that matters is kept, with its wording: statuses become HttpStatusError with the
// body's `error` object (`message`, `param`, …) and the response headers (Retry-After), a
// timeout is "Request timed out.", a socket failure is a ConnectionError carrying its cause,
// a JSON body that does not parse throws SyntaxError, a non-JSON body comes back as text.

/** The read side of response headers (names lower-case, as node gives them). */
export interface HeaderReader {
  get(name: string): string | null;
}

/** A non-2xx answer. `error` is the body's `error` object when the body was JSON. */
export class HttpStatusError extends Error {
  readonly param: string | null;
  constructor(
    readonly status: number,
    readonly error: Record<string, unknown> | undefined,
    message: string | undefined,
    readonly headers: HeaderReader,
  ) {
    super(statusMessage(status, error, message));
    this.name = "HttpStatusError";
    this.param = typeof error?.param === "string" ? error.param : null;
  }
}

export class ConnectionTimeoutError extends Error {
  constructor() {
    super("Request timed out.");
    this.name = "ConnectionTimeoutError";
  }
}

export class ConnectionError extends Error {
  constructor(readonly cause: Error) {
    super("Connection error.");
    this.name = "ConnectionError";
  }
}

/** The SDK's message rule: "<status> <the body's error message>", or what the body said. */
function statusMessage(status: number, error: Record<string, unknown> | undefined, text: string | undefined): string {
  const m = error?.message;
  const msg = m ? (typeof m === "string" ? m : JSON.stringify(m)) : error ? JSON.stringify(error) : text;
  return msg ? `${status} ${msg}` : `${status} status code (no body)`;
}

const agents = {
  "http:": new http.Agent({ keepAlive: true, maxSockets: 1024, keepAliveMsecs: 10_000 }),
  "https:": new https.Agent({ keepAlive: true, maxSockets: 1024, keepAliveMsecs: 10_000 }),
};

export interface ChatHttpOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

/** `baseUrl` + "/chat/completions", as the SDK joined them (one slash between). */
export const completionsUrl = (baseUrl: string): URL => new URL(baseUrl.replace(/\/+$/, "") + "/chat/completions");

/** POST the body; resolves with the parsed JSON (or the text of a non-JSON 2xx body). */
export function postChatCompletion(url: URL, apiKey: string | null, body: object, opts: ChatHttpOptions): Promise<unknown> {
  const agent = agents[url.protocol as keyof typeof agents];
  if (!agent) return Promise.reject(new ConnectionError(new TypeError(`Unsupported protocol ${url.protocol}`)));
  const { signal } = opts;
  if (signal?.aborted) return Promise.reject(signal.reason);
  const payload = JSON.stringify(body);
  return new Promise<unknown>((resolve, reject) => {
    let settled = false;
    const finish = (err: unknown, value?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      if (err) reject(err);
      else resolve(value);
    };
    const req = (url.protocol === "https:" ? https : http).request(
      url,
      {
        method: "POST",
        agent,
        headers: {
          "content-type": "application/json",
          accept: "application/json",
          "content-length": Buffer.byteLength(payload),
          // Servers that need no key ignore the header; the SDK always sent one.
          authorization: `Bearer ${apiKey ?? "no-key"}`,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", (err) => finish(new ConnectionError(err)));
        res.on("end", () => {
          try {
            finish(null, readBody(res, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
          } catch (err) {
            finish(err);
          }
        });
      },
    );
    const timer = setTimeout(() => (finish(new ConnectionTimeoutError()), req.destroy()), opts.timeoutMs);
    const onAbort = () => (finish(signal!.reason ?? new Error("aborted")), req.destroy());
    signal?.addEventListener("abort", onAbort, { once: true });
    req.on("error", (err) => finish(new ConnectionError(err)));
    req.end(payload);
  });
}

/** A 2xx body as the SDK read it; anything else becomes HttpStatusError. */
function readBody(res: http.IncomingMessage, buf: Buffer): unknown {
  const status = res.statusCode ?? 500;
  const headers = headerReader(res.headers);
  const text = buf.toString("utf8");
  if (status < 200 || status >= 300) {
    const json = safeJson(text) as { error?: Record<string, unknown> } | undefined;
    throw new HttpStatusError(status, json?.error, json ? undefined : text, headers);
  }
  if (status === 204) return null;
  const mediaType = headers.get("content-type")?.split(";")[0]?.trim();
  if (mediaType?.includes("application/json") || mediaType?.endsWith("+json")) {
    if (headers.get("content-length") === "0") return undefined;
    return JSON.parse(text); // a SyntaxError: the gateway calls it "malformed"
  }
  return text;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function headerReader(h: http.IncomingHttpHeaders): HeaderReader {
  return {
    get: (name) => {
      const v = h[name.toLowerCase()];
      return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
    },
  };
}
