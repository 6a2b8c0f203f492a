import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db/client";
import { useMigratedDatabase } from "@/lib/testing/db";
import { hasOwnReference, hasOwnReferenceSql, hasWrittenReference, hasWrittenReferenceSql } from "./reference";

beforeAll(async () => {
  await useMigratedDatabase();
});

describe("a written reference", () => {
  it("is the same rule in TypeScript and SQL, for every kind of blank", async () => {
    const cases: (string | null)[] = [
      null, "", " ", "\n", "\r\n", "\t", "\v\f", "\u00a0", "\u2003", "\u2028", "\u3000", "\ufeff", " \n\u00a0\t ",
      "4", " 4 ", "\n42\n", "\u00a0x", "é", "\u200b", // zero-width space is not whitespace to JS either
    ];
    const { rows } = await pool().query<{ a: string | null; yes: boolean }>(
      `select a, coalesce(${hasWrittenReferenceSql("a")}, false) as yes from unnest($1::text[]) with ordinality as t(a, i) order by i`,
      [cases],
    );
    expect(rows.map((r) => r.yes)).toEqual(cases.map((c) => hasWrittenReference(c)));
    expect(cases.filter((c) => hasWrittenReference(c))).toEqual(["4", " 4 ", "\n42\n", "\u00a0x", "é", "\u200b"]);
  });

  it("an own reference (answer, or tests for code) is the same rule in TypeScript and SQL, for every answer kind", async () => {
    // Code: tests must be a non-empty array of strings and setup code, if any, a string — what
    // codeTestsOf reads. The SQL once took any non-empty array: tests of numbers were a
    // reference to settlement and none to the driver, so the candidate was never settled.
    const metadata: unknown[] = [
      null, {}, [], "tests", { tests: [] }, { tests: "assert f() == 1" }, { tests: [1, 2] }, { tests: ["assert f() == 1", null] },
      { tests: ["assert f() == 1"] }, { tests: ["assert f() == 1"], test_setup_code: "import math" }, { tests: ["assert f() == 1"], test_setup_code: null },
      { tests: ["assert f() == 1"], test_setup_code: 3 }, { tests: [""] }, { tests: { 0: "assert f() == 1" } }, [{ tests: ["assert f() == 1"] }],
    ];
    const answers = [null, "", "\n", "4", " 4 "];
    const cases = metadata.flatMap((m) => answers.map((a) => ({ a, m })));
    for (const kind of ["math", "mcq", "exact", "code", "none"] as const) {
      const { rows } = await pool().query<{ yes: boolean }>(
        `select coalesce(${hasOwnReferenceSql(kind, "t.a", "t.m")}, false) as yes
           from unnest($1::text[], $2::jsonb[]) with ordinality as t(a, m, i) order by i`,
        [cases.map((c) => c.a), cases.map((c) => (c.m === null ? null : JSON.stringify(c.m)))],
      );
      expect(rows.map((r) => r.yes), kind).toEqual(cases.map((c) => hasOwnReference(kind, c.a, c.m)));
    }
    expect(metadata.filter((m) => hasOwnReference("code", null, m))).toEqual([
      { tests: ["assert f() == 1"] }, { tests: ["assert f() == 1"], test_setup_code: "import math" }, { tests: [""] },
    ]);
    // Kind none has a reference when it has a written answer; only a judge can grade against it (plan.ts).
    expect(hasOwnReference("none", "4", null)).toBe(true);
    expect(hasOwnReference("none", " \n", null)).toBe(false);
  });
});
