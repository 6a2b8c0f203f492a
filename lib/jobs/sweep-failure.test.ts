import { describe, expect, it } from "vitest";
import { sweepFailureLevel } from "./sweep-failure";

describe("sweepFailureLevel", () => {
  it("calls a database that is away a warning, and anything else an error", () => {
    const shuttingDown = Object.assign(new Error("the database system is shutting down"), { code: "57P03" });
    const terminated = Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    expect([shuttingDown, terminated, refused].map(sweepFailureLevel)).toEqual(["warn", "warn", "warn"]);
    const syntax = Object.assign(new Error("syntax error at or near \"selec\""), { code: "42601" });
    expect(sweepFailureLevel(syntax)).toBe("error");
    expect(sweepFailureLevel(new TypeError("x is undefined"))).toBe("error");
  });
});
