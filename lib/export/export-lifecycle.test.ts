import { describe, expect, it } from "vitest";
import { assertExportTransitions, exportStatuses, exportTransitions } from "./export-lifecycle";

describe("export job lifecycle table", () => {
  it("rejects every change the table does not list, and allows those it does", () => {
    for (const from of exportStatuses) {
      for (const to of exportStatuses) {
        if (exportTransitions[from].includes(to)) expect(() => assertExportTransitions([from], to)).not.toThrow();
        else expect(() => assertExportTransitions([from], to)).toThrow(`illegal export job transition: ${from} → ${to}`);
      }
    }
  });

  it("keeps a finished export finished; a failed one only runs again", () => {
    expect(() => assertExportTransitions(["done"], "running")).toThrow();
    expect(() => assertExportTransitions(["done"], "queued")).toThrow();
    expect(() => assertExportTransitions(["failed"], "queued")).toThrow();
    expect(() => assertExportTransitions(["queued", "done"], "failed")).toThrow(/done → failed/);
    expect(() => assertExportTransitions(["failed"], "running")).not.toThrow();
  });
});
