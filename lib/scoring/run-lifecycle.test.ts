import { describe, expect, it } from "vitest";
import { assertRunTransitions, isFinalRunStatus, runTransitions } from "./run-lifecycle";
import { runStatuses } from "./schema";

describe("scoring run lifecycle table", () => {
  it("rejects every change the table does not list, and allows those it does", () => {
    for (const from of runStatuses) {
      for (const to of runStatuses) {
        if (runTransitions[from].includes(to)) expect(() => assertRunTransitions([from], to)).not.toThrow();
        else expect(() => assertRunTransitions([from], to)).toThrow(`illegal scoring run transition: ${from} → ${to}`);
      }
    }
  });

  it("keeps finished runs finished; a paused run only resumes or is cancelled", () => {
    expect(runStatuses.filter(isFinalRunStatus)).toEqual(["cancelled", "done", "failed"]);
    expect(() => assertRunTransitions(["done"], "running")).toThrow();
    expect(() => assertRunTransitions(["cancelled"], "paused")).toThrow();
    expect(() => assertRunTransitions(["failed"], "queued")).toThrow();
    expect(() => assertRunTransitions(["paused"], "done")).toThrow(); // nothing settles while paused
    expect(() => assertRunTransitions(["queued", "running", "paused"], "cancelled")).not.toThrow();
    expect(() => assertRunTransitions(["running", "done"], "paused")).toThrow(/done → paused/); // one bad source is enough
  });

  // That nothing else writes scoring_run.status: lib/db/lifecycle-writers.test.ts.
});
