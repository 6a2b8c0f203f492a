import fs from "node:fs";
import path from "node:path";
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

  it("is the only writer of scoring_run.status in lib/ (an insert gives a run its first status)", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) {
          if (e.name !== "generated" && e.name !== "node_modules") walk(p);
        } else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && !p.endsWith("run-lifecycle.ts")) {
          const text = fs.readFileSync(p, "utf8");
          // An update of scoring_run whose set list (up to its where) names status.
          if (/update\s+scoring_run\b(?:\s+\w+)?\s+set\b(?:(?!\bwhere\b)[\s\S])*?\bstatus\s*=/i.test(text)) offenders.push(p);
        }
      }
    };
    walk(path.resolve(import.meta.dirname, ".."));
    expect(offenders).toEqual([]);
  });
});
