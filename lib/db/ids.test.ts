import { describe, expect, it } from "vitest";
import { auditFilterSchema } from "@/lib/audit";
import { listImportBatchesSchema } from "@/lib/candidates/import-batches";
import { listExportsSchema, listSnapshotsSchema } from "@/lib/export";
import { listRunsSchema } from "@/lib/scoring/schema";
import { cursorParam } from "@/components/page-data";
import { MAX_INT4 } from "./ids";

// Every id and keyset cursor is an int4: a hand-edited ?cursor= past its range, negative or
// fractional is refused at the edge (a 400, or ignored by a page), never a PostgreSQL "out of
// range" (a 500 and an error page: the audit trail's page showed one before this rule).

const lists = { auditFilterSchema, listImportBatchesSchema, listExportsSchema, listSnapshotsSchema, listRunsSchema };

describe("cursors", () => {
  it.each(Object.entries(lists))("%s takes 1 … 2^31-1 and refuses the rest", (_, schema) => {
    expect(schema.safeParse({ cursor: String(MAX_INT4) }).success).toBe(true);
    for (const bad of [String(MAX_INT4 + 1), "99999999999", "-5", "0", "1.5", "abc"]) expect(schema.safeParse({ cursor: bad }).success).toBe(false);
  });

  it("a page ignores a cursor it cannot use", () => {
    expect(cursorParam("42")).toBe(42);
    for (const bad of ["-5", "1.5", "99999999999", "abc", "", undefined]) expect(cursorParam(bad)).toBeUndefined();
    expect(cursorParam(["7", "8"])).toBe(7);
  });
});
