import { describe, expect, it } from "vitest";
import { assertRunItemTransitions, runItemStatuses, runItemTransitions } from "./run-item-lifecycle";

describe("run item lifecycle table", () => {
  it("rejects every change the table does not list, and allows those it does", () => {
    for (const from of runItemStatuses) {
      for (const to of runItemStatuses) {
        if (runItemTransitions[from].includes(to)) expect(() => assertRunItemTransitions([from], to)).not.toThrow();
        else expect(() => assertRunItemTransitions([from], to)).toThrow(`illegal run item transition: ${from} → ${to}`);
      }
    }
  });

  it("never brings a finished item back to pending, nor turns a failure into a success", () => {
    expect(() => assertRunItemTransitions(["done"], "pending")).toThrow();
    expect(() => assertRunItemTransitions(["failed"], "done")).toThrow();
    expect(() => assertRunItemTransitions(["pending", "done"], "failed")).toThrow(/done → failed/);
    expect(() => assertRunItemTransitions(["pending"], "failed")).not.toThrow();
  });
});
