import http from "node:http";
import https from "node:https";

// A fetch for the openai SDK built on node:http with keep-alive agents. Node 20's built-in
// fetch (undici, and its web-stream Response bodies) cost ~1 ms of CPU per small request here
// and capped a 64-in-flight caller at ~30% of what a fast server allows. This one buffers the
// (small, non-streamed) body and answers with the part of Response the SDK reads: status,
// ok, url, headers, text(), json(). Timeouts and cancellation still come from the SDK,
// through the AbortSignal it passes.

const agents = {
  "http:": new http.Agent({ keepAlive: true, maxSockets: 1024, keepAliveMsecs: 10_000 }),
  "https:": new https.Agent({ keepAlive: true, maxSockets: 1024, keepAliveMsecs: 10_000 }),
};

function headerRecord(h: RequestInit["headers"]): Record<string, string> {
  if (!h) return {};
  if (h instanceof Headers) return Object.fromEntries(h.entries());
  if (Array.isArray(h)) return Object.fromEntries(h);
  return { ...(h as Record<string, string>) };
}

export function nodeFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
  const lib = url.protocol === "https:" ? https : http;
  const agent = agents[url.protocol as keyof typeof agents];
  if (!agent) return Promise.reject(new TypeError(`Unsupported protocol ${url.protocol}`));
  const body = init.body === undefined || init.body === null ? undefined : typeof init.body === "string" ? init.body : null;
  if (body === null) return fetch(input, init); // streams/forms: not used for chat, leave to undici
  const signal = init.signal ?? undefined;
  return new Promise<Response>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const headers = headerRecord(init.headers);
    if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
    const req = lib.request(url, { method: init.method ?? "GET", headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => resolve(new BufferedResponse(url.href, res, Buffer.concat(chunks)) as unknown as Response));
    });
    const onAbort = () => req.destroy(signal?.reason instanceof Error ? signal.reason : new Error("aborted"));
    signal?.addEventListener("abort", onAbort, { once: true });
    req.on("close", () => signal?.removeEventListener("abort", onAbort));
    req.on("error", reject);
    req.end(body);
  });
}

/** Response headers with the read side of the Headers API (names are lower-case already). */
class ResponseHeaders {
  constructor(private readonly h: http.IncomingHttpHeaders) {}
  get(name: string): string | null {
    const v = this.h[name.toLowerCase()];
    return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
  }
  has(name: string): boolean {
    return this.h[name.toLowerCase()] !== undefined;
  }
  *entries(): IterableIterator<[string, string]> {
    for (const k of Object.keys(this.h)) yield [k, this.get(k)!];
  }
  [Symbol.iterator]() {
    return this.entries();
  }
  forEach(fn: (value: string, key: string) => void): void {
    for (const [k, v] of this.entries()) fn(v, k);
  }
}

class BufferedResponse {
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly headers: ResponseHeaders;
  readonly body = null;
  readonly redirected = false;
  readonly type = "basic";
  constructor(
    readonly url: string,
    res: http.IncomingMessage,
    private readonly buf: Buffer,
  ) {
    this.status = res.statusCode ?? 500;
    this.statusText = res.statusMessage ?? "";
    this.ok = this.status >= 200 && this.status < 300;
    this.headers = new ResponseHeaders(res.headers);
  }
  async text(): Promise<string> {
    return this.buf.toString("utf8");
  }
  async json(): Promise<unknown> {
    return JSON.parse(this.buf.toString("utf8"));
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    return this.buf.buffer.slice(this.buf.byteOffset, this.buf.byteOffset + this.buf.byteLength) as ArrayBuffer;
  }
}
