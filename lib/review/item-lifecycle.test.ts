import { describe, expect, it } from "vitest";
import { assertReviewItemTransitions, reviewItemStates, reviewItemTransitions } from "./item-lifecycle";

describe("review item lifecycle table", () => {
  it("rejects every change the table does not list, and allows those it does", () => {
    for (const from of reviewItemStates) {
      for (const to of reviewItemStates) {
        if (reviewItemTransitions[from].includes(to)) expect(() => assertReviewItemTransitions([from], to)).not.toThrow();
        else expect(() => assertReviewItemTransitions([from], to)).toThrow(`illegal review item transition: ${from} → ${to}`);
      }
    }
  });

  it("keeps a final item final; a disagreement is settled by a lead or reopened by an undo", () => {
    expect(() => assertReviewItemTransitions(["final"], "open")).toThrow();
    expect(() => assertReviewItemTransitions(["final"], "adjudication")).toThrow();
    expect(() => assertReviewItemTransitions(["open", "final"], "final")).toThrow(/final → final/);
    expect(() => assertReviewItemTransitions(["adjudication"], "final")).not.toThrow();
    expect(() => assertReviewItemTransitions(["adjudication"], "open")).not.toThrow();
  });
});
