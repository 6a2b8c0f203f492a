import { describe, expect, it } from "vitest";
import { ConnectionError, ConnectionTimeoutError, HttpStatusError } from "./chat-http";
import { backoffMs, classifyFailure, parseRetryAfter } from "./errors";

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  it("reads seconds, HTTP dates and retry-after-ms", () => {
    expect(parseRetryAfter(new Headers({ "retry-after": "3" }), now)).toBe(3000);
    expect(parseRetryAfter(new Headers({ "retry-after": "0.5" }), now)).toBe(500);
    expect(parseRetryAfter(new Headers({ "retry-after": "Thu, 01 Jan 2026 00:00:04 GMT" }), now)).toBe(4000);
    expect(parseRetryAfter(new Headers({ "retry-after-ms": "250", "retry-after": "9" }), now)).toBe(250);
  });
  it("ignores missing, unreadable and past values sensibly", () => {
    expect(parseRetryAfter(new Headers(), now)).toBeUndefined();
    expect(parseRetryAfter(new Headers({ "retry-after": "soon" }), now)).toBeUndefined();
    expect(parseRetryAfter(new Headers({ "retry-after": "Wed, 31 Dec 2025 23:59:00 GMT" }), now)).toBe(0);
  });
});

describe("backoffMs", () => {
  it("doubles per attempt with jitter in the upper half, capped", () => {
    expect(backoffMs(1, 100, 10_000, () => 0)).toBe(50);
    expect(backoffMs(1, 100, 10_000, () => 1)).toBe(100);
    expect(backoffMs(4, 100, 10_000, () => 0.5)).toBe(600);
    expect(backoffMs(30, 100, 10_000, () => 1)).toBe(10_000);
  });
});

describe("classifyFailure", () => {
  const apiError = (status: number, headers: Record<string, string> = {}) =>
    new HttpStatusError(status, { message: "nope", param: "n" }, undefined, new Headers(headers));
  it("maps statuses and transport errors to kinds", () => {
    expect(classifyFailure(apiError(429, { "retry-after": "2" }))).toMatchObject({ error: { kind: "rate_limited", status: 429 }, retryAfterMs: 2000 });
    expect(classifyFailure(apiError(503)).error.kind).toBe("server_error");
    expect(classifyFailure(apiError(408)).error.kind).toBe("timeout");
    expect(classifyFailure(apiError(400)).error).toMatchObject({ kind: "client_error", status: 400 });
    expect(classifyFailure(new ConnectionTimeoutError()).error.kind).toBe("timeout");
    expect(classifyFailure(new ConnectionError(Object.assign(new Error("refused"), { code: "ECONNREFUSED" }))).error).toMatchObject({
      kind: "connection",
      message: "Connection failed: ECONNREFUSED",
    });
    expect(apiError(400)).toMatchObject({ message: "400 nope", param: "n" });
    expect(new HttpStatusError(502, undefined, "<html>bad gateway</html>", new Headers()).message).toBe("502 <html>bad gateway</html>");
    expect(new HttpStatusError(500, undefined, "", new Headers()).message).toBe("500 status code (no body)");
    expect(classifyFailure(new SyntaxError("Unexpected end of JSON input")).error.kind).toBe("malformed");
  });
});
