import { systemActor } from "@/lib/audit";
import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db/client";
import { createDomain } from "@/lib/domains";
import { useMigratedDatabase } from "@/lib/testing/db";
import { eligibleSql, isEligible } from "./eligible";

// Pins the SQL twin to the TypeScript rule over every combination of the two flags.

beforeAll(async () => {
  await useMigratedDatabase();
});

describe("eligibleSql", () => {
  it("agrees with isEligible on every flag combination", async () => {
    const domain = (await createDomain({ slug: "elig", name: "Elig" }, systemActor)).id;
    const cases = [
      { nearDupOf: null, contaminated: false },
      { nearDupOf: null, contaminated: true },
      { nearDupOf: 1, contaminated: false },
      { nearDupOf: 1, contaminated: true },
    ];
    for (const [i, c] of cases.entries()) {
      const { rows } = await pool().query<{ ok: boolean }>(
        `insert into candidate (domain_id, prompt, prompt_hash, near_dup_of, contaminated)
         values ($1, $2::text, sha256(convert_to($2::text, 'UTF8')), $3, $4) returning ${eligibleSql("candidate")} as ok`,
        [domain, `p${i}`, c.nearDupOf, c.contaminated],
      );
      expect(rows[0].ok).toBe(isEligible(c));
    }
    expect(cases.filter(isEligible)).toHaveLength(1);
  });

  it("refuses an alias that is not an identifier", () => {
    expect(() => eligibleSql("c; drop table candidate")).toThrow();
  });
});
