import { describe, expect, it } from "vitest";
import { loginUrl, safeReturnPath } from "./return-path";

describe("return path after sign-in", () => {
  it("keeps same-site paths with their query and fragment", () => {
    expect(safeReturnPath("/candidates/902")).toBe("/candidates/902");
    expect(safeReturnPath("/candidates?domain=math#top")).toBe("/candidates?domain=math#top");
    expect(loginUrl("/candidates?domain=math&q=a b")).toBe("/login?next=%2Fcandidates%3Fdomain%3Dmath%26q%3Da%2520b") // the space as the browser sends it;
  });

  it("hands on the path as the browser resolves it", () => {
    expect(safeReturnPath("/runs/../candidates")).toBe("/candidates");
    expect(safeReturnPath("/a\\b")).toBe("/a/b");
    expect(safeReturnPath("/cand\tidates")).toBe("/candidates");
    expect(safeReturnPath("/%2F%2Fevil.example")).toBe("/%2F%2Fevil.example"); // an encoded slash is a path segment
    expect(safeReturnPath("/caf\u00e9")).toBe("/caf%C3%A9");
  });

  // Each of these is a way off-site (or nowhere) for a browser; the first is the report.
  const hostile = [
    "/\t/127.0.0.1:8999/pwned",
    "/\n/evil.example",
    "/\r/evil.example",
    "/\r\n/evil.example",
    "\t//evil.example",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "/\\\\evil.example",
    "\\\\evil.example",
    "/\t\\evil.example",
    "//evil.example/%2F..",
    "//\u3002evil.example",
    "//evil\u3002example",
    "//％２Ｆevil",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "/javascript:alert(1)".slice(1),
    "http://other.example/x",
    "https://evil.example",
    "http:/evil.example",
    "data:text/html,x",
    "evil",
    "",
    null,
    undefined,
    "/",
    "/login?next=/x",
    "/login",
    "/./login",
    "/x".padEnd(2001, "x"),
  ];
  it.each(hostile.map((p) => [JSON.stringify(p), p]))("refuses %s", (_, p) => {
    expect(safeReturnPath(p)).toBeNull();
  });

  it("never builds a sign-in link that leads off-site", () => {
    expect(loginUrl("//evil.example")).toBe("/login");
    expect(loginUrl("/\t/evil.example")).toBe("/login");
  });
});
