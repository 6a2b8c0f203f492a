import { describe, expect, it } from "vitest";
import { errorResponse } from "@/lib/http/route";
import { backoff, isConnectionError, outageReason, retryOnConnectionError } from "./outage";

const pgError = (code: string, message = "x") => Object.assign(new Error(message), { code });

describe("connection errors", () => {
  it("recognises a server going away, however it is wrapped", () => {
    expect(isConnectionError(pgError("57P01", "terminating connection due to administrator command"))).toBe(true);
    expect(isConnectionError(pgError("ECONNREFUSED"))).toBe(true);
    expect(isConnectionError(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isConnectionError(new AggregateError([pgError("ECONNREFUSED")]))).toBe(true); // ::1 and 127.0.0.1 both refused
    // Prisma: the driver adapter's error under meta, or a P1xxx code.
    expect(isConnectionError({ code: "P1017", message: "Server has closed the connection." })).toBe(true);
    expect(isConnectionError({ name: "DriverAdapterError", cause: { kind: "DatabaseNotReachable" } })).toBe(true);
  });

  it("leaves real errors alone", () => {
    expect(isConnectionError(pgError("23505", "duplicate key"))).toBe(false);
    expect(isConnectionError(pgError("42P01", "relation does not exist"))).toBe(false);
    expect(isConnectionError(new Error("boom"))).toBe(false);
    expect(isConnectionError(null)).toBe(false);
  });

  it("gives reasons without hosts or ports", () => {
    expect(outageReason(pgError("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:54329"))).toBe("the database is not accepting connections (ECONNREFUSED)");
    expect(outageReason(pgError("57P01"))).toMatch(/restarting \(57P01\)/);
  });

  it("retries while the database is away, and only then", async () => {
    let calls = 0;
    const v = await retryOnConnectionError(async () => (++calls < 3 ? Promise.reject(pgError("57P03")) : "ok"), { what: "t", baseMs: 1, capMs: 2 });
    expect([v, calls]).toEqual(["ok", 3]);
    calls = 0;
    await expect(retryOnConnectionError(async () => (calls++, Promise.reject(pgError("23505"))), { what: "t", baseMs: 1 })).rejects.toThrow();
    expect(calls).toBe(1);
    await expect(retryOnConnectionError(() => Promise.reject(pgError("ECONNREFUSED")), { what: "t", baseMs: 1, stop: () => true })).rejects.toThrow();
  });

  it("backs off exponentially up to the cap", () => {
    expect(backoff(0, 100, 5000)).toBeLessThanOrEqual(125);
    expect(backoff(10, 100, 5000)).toBeGreaterThanOrEqual(3750);
    expect(backoff(10, 100, 5000)).toBeLessThanOrEqual(6250);
  });

  it("routes answer 503 'unavailable' (not a 500 with a stack) while the database is away", async () => {
    const r = errorResponse(pgError("57P01", "terminating connection due to administrator command"));
    expect(r.status).toBe(503);
    expect(await r.json()).toEqual({ error: { code: "unavailable", message: "The database is unavailable right now; try again in a moment" } });
    expect(errorResponse(new Error("boom")).status).toBe(500);
  });
});
