import { describe, expect, it } from "vitest";
import { safeUrl } from "./safe-url";

describe("safeUrl", () => {
  it.each([
    ["/candidates?page=2", "/candidates?page=2"],
    ["/x", "/x"],
    ["#section", "#section"],
    ["https://example.com/a", "https://example.com/a"],
    ["HTTP://example.com", "HTTP://example.com"],
    ["mailto:a@example.com", "mailto:a@example.com"],
  ])("keeps %j", (input, out) => expect(safeUrl(input)).toBe(out));

  it.each([
    "//evil.example/x", // protocol-relative
    "/\\evil.example/x", // browsers read \ as /
    "\\\\evil.example",
    "/\t/evil.example/x", // tab is stripped by the browser → //evil
    "/\n/evil.example",
    "/\r\n/evil.example",
    " //evil.example",
    "javascript:alert(1)",
    "java\tscript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<b>x</b>",
    "vbscript:x",
    "file:///etc/passwd",
    "https:",
    "relative/path",
    "",
  ])("drops %j", (input) => expect(safeUrl(input)).toBe(""));

  it("returns the target the way the browser reads it (tabs and newlines removed)", () => {
    expect(safeUrl("https://exa\tmple.com/a")).toBe("https://example.com/a");
  });
});
