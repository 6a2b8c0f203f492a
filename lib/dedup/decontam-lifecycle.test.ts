import { describe, expect, it } from "vitest";
import { assertDecontamTransitions, decontamStatuses, decontamTransitions } from "./decontam-lifecycle";

describe("decontam check lifecycle", () => {
  it("done is final; failed may run again; nothing goes back to queued", () => {
    expect(decontamTransitions.done).toEqual([]);
    expect(() => assertDecontamTransitions(["failed"], "running")).not.toThrow();
    for (const s of decontamStatuses) expect(() => assertDecontamTransitions([s], "queued")).toThrow();
    expect(() => assertDecontamTransitions(["done"], "running")).toThrow(/done → running/);
  });
});
