import { describe, expect, it } from "vitest";
import { importStatusLabel } from "./import-status-label";

const counts = { inserted: 0, duplicates: 0, rejected: 0 };

describe("importStatusLabel", () => {
  it("is the status, except where the bare word would mislead", () => {
    expect(importStatusLabel({ ...counts, status: "done", inserted: 3 })).toBe("done");
    expect(importStatusLabel({ ...counts, status: "done", duplicates: 3 })).toBe("done"); // all already there
    expect(importStatusLabel({ ...counts, status: "done", rejected: 2 })).toBe("nothing imported");
    expect(importStatusLabel({ ...counts, status: "done" })).toBe("empty file");
    expect(importStatusLabel({ ...counts, status: "running", stale: true })).toBe("not responding");
    expect(importStatusLabel({ ...counts, status: "running", stale: false })).toBe("running");
    expect(importStatusLabel({ ...counts, status: "discarded" })).toBe("discarded"); // kept nothing either way
  });
});
