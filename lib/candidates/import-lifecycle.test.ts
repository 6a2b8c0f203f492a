import { describe, expect, it } from "vitest";
import { assertTransitions, importStatuses, importTransitions, isFinal } from "./import-lifecycle";

describe("import batch lifecycle table", () => {
  it("rejects every change the table does not list, and allows those it does", () => {
    for (const from of importStatuses) {
      for (const to of importStatuses) {
        const allowed = importTransitions[from].includes(to);
        if (allowed) expect(() => assertTransitions([from], to)).not.toThrow();
        else expect(() => assertTransitions([from], to)).toThrow(`illegal import batch transition: ${from} → ${to}`);
      }
    }
  });

  it("keeps finished imports finished and lets stopped ones be retried or resumed", () => {
    expect(isFinal("done") && isFinal("cancelled")).toBe(true);
    expect(() => assertTransitions(["done"], "running")).toThrow();
    expect(() => assertTransitions(["cancelled"], "queued")).toThrow();
    expect(() => assertTransitions(["queued"], "done")).toThrow(); // nothing finishes without running
    expect(() => assertTransitions(["failed"], "cancelled")).toThrow();
    expect(() => assertTransitions(["interrupted", "failed"], "queued")).not.toThrow();
    expect(() => assertTransitions(["running", "done"], "failed")).toThrow(/done → failed/); // one bad source is enough
  });
});
