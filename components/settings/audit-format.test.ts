import { describe, expect, it } from "vitest";
import { auditDetails, auditTarget, type AuditNames } from "./audit-format";

const names: AuditNames = {
  users: new Map([["c152-uuid", "admin@example.com"]]),
  domains: new Map([["1", { slug: "math", name: "Math" }]]),
  endpoints: new Map([["2", "Simulated teacher (demo)"]]),
};

describe("auditTarget", () => {
  it("names what the row points at instead of its id", () => {
    expect(auditTarget("user", "c152-uuid", null, names)).toEqual({ label: "admin@example.com" });
    expect(auditTarget("domain", "1", null, names)).toEqual({ label: "Domain Math", href: "/domains/math" });
    expect(auditTarget("model_endpoint", "2", null, names)).toEqual({ label: "Endpoint Simulated teacher (demo)", href: "/settings/endpoints" });
    expect(auditTarget("import_batch", "3", null, names)).toEqual({ label: "Import #3", href: "/imports/3" });
    expect(auditTarget("scoring_run", "7", null, names)).toEqual({ label: "Run #7", href: "/runs/7" });
  });

  it("falls back to what the event recorded once the row is gone", () => {
    expect(auditTarget("user", "dead-beef-0000", { email: "gone@x.io" }, names)).toEqual({ label: "gone@x.io" });
    expect(auditTarget("model_endpoint", "9", { name: "old vLLM" }, names)).toEqual({ label: "Endpoint old vLLM", href: undefined });
    expect(auditTarget("api_token", "4", { name: "laptop" }, names)).toEqual({ label: "API token “laptop”" });
    expect(auditTarget(null, null, null, names)).toBeNull();
  });
});

describe("auditDetails", () => {
  it("reads as key: value pairs", () => {
    expect(auditDetails({ role: "lead", email: "a@b.c" })).toBe("role: lead · email: a@b.c");
    expect(auditDetails({ roles: ["target", "judge"], quota: 0, limits: { rpm: 5 } })).toBe('roles: target, judge · quota: 0 · limits: {"rpm":5}');
    expect(auditDetails(null)).toBe("");
  });
});
