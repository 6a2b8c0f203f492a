import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db/client";
import { useMigratedDatabase } from "@/lib/testing/db";
import { hasWrittenReference, hasWrittenReferenceSql } from "./reference";

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
});
