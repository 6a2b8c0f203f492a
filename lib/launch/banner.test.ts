import { describe, expect, it } from "vitest";
import { adminCredentialLines, box } from "./banner";

describe("box", () => {
  it("frames every line at the width of the longest", () => {
    const lines = box(["short", "a longer line", ""]).split("\n");
    expect(lines).toEqual(["┌───────────────┐", "│ short         │", "│ a longer line │", "│               │", "└───────────────┘"]);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
  });
});

describe("adminCredentialLines", () => {
  it("names the account, the password, the file and the way back in", () => {
    const text = adminCredentialLines({
      email: "admin@edgewise.local",
      password: "pw-123",
      file: "/srv/.edgewise/admin-credentials",
      url: "http://localhost:3000",
      fresh: true,
    }).join("\n");
    expect(text).toContain("admin@edgewise.local");
    expect(text).toContain("pw-123");
    expect(text).toContain("/srv/.edgewise/admin-credentials");
    expect(text).toContain("http://localhost:3000/login");
    expect(text).toContain("users reset-password");
  });
});
