import { describe, expect, it } from "vitest";
import { loginUrl, safeReturnPath } from "./return-path";

describe("return path after sign-in", () => {
  it("keeps same-site paths with their query", () => {
    expect(safeReturnPath("/candidates/902")).toBe("/candidates/902");
    expect(loginUrl("/candidates?domain=math&q=a b")).toBe("/login?next=%2Fcandidates%3Fdomain%3Dmath%26q%3Da%20b");
  });

  it("never leads to another origin, back to /login, or nowhere", () => {
    for (const p of ["//evil.example", "/\\evil.example", "https://evil.example", "evil", "", null, undefined, "/", "/login?next=/x"]) {
      expect(safeReturnPath(p)).toBeNull();
    }
    expect(loginUrl("//evil.example")).toBe("/login");
  });
});
