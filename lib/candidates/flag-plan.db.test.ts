import { systemActor } from "@/lib/audit";
import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db/client";
import { createDomain } from "@/lib/domains";
import { useMigratedDatabase } from "@/lib/testing/db";
import { listCandidates, type CandidateFilter } from "./queries";

// The list's contaminated / near-duplicate filters on a realistic pool (200k rows, flags rare):
// each walks its partial index, never the whole table, and finds what a filter over the pool
// finds.

let ids: number[] = [];

beforeAll(async () => {
  await useMigratedDatabase();
  for (const s of ["math", "code", "sci"]) ids.push((await createDomain({ slug: s, name: s }, systemActor)).id);
  // 200k candidates over three domains and two stages; 2 % near-duplicates everywhere, 33
  // contaminated among the oldest rows (the walk from the newest end would read them all).
  await pool().query(
    `insert into candidate (domain_id, prompt, stage, prompt_hash, near_dup_of, contaminated)
     select ($1::int[])[1 + i % 3], 'Prompt ' || i || repeat(' word', 40), (case when i % 5 = 0 then 'triaged' else 'imported' end)::"CandidateStage",
            sha256(i::text::bytea), case when i % 50 = 0 then i - 1 end, i < 100 and i % 3 = 0
       from generate_series(1, 200000) i`,
    [ids],
  );
  await pool().query("analyze candidate");
}, 120_000);

/** The plan of every list query `fn` runs (EXPLAIN with the same parameters). */
async function plansOf(fn: () => Promise<unknown>): Promise<string> {
  const p = pool();
  const query = p.query.bind(p) as (sql: string, params?: unknown[]) => Promise<{ rows: Record<string, string>[] }>;
  const plans: string[] = [];
  (p as unknown as { query: unknown }).query = async (sql: string, params?: unknown[]) => {
    if (typeof sql === "string" && /from candidate c\b/.test(sql) && /order by/.test(sql)) {
      plans.push((await query(`explain ${sql}`, params)).rows.map((r) => r["QUERY PLAN"]).join("\n"));
    }
    return query(sql, params);
  };
  try {
    await fn();
  } finally {
    (p as unknown as { query: unknown }).query = query;
  }
  return plans.join("\n");
}

describe("flag filters at 200k rows", () => {
  const cases: [CandidateFilter, string][] = [
    [{ flag: "contaminated" }, "candidate_contaminated_idx"],
    [{ flag: "contaminated", domain: "code" }, "candidate_contaminated_idx"],
    [{ flag: "contaminated", stage: "imported" }, "candidate_contaminated_idx"],
    [{ flag: "near_dup" }, "candidate_near_dup_idx"],
    [{ flag: "near_dup", domain: "math" }, "candidate_near_dup_idx"],
  ];
  it.each(cases)("%j walks %s", async (filter, index) => {
    let got: Awaited<ReturnType<typeof listCandidates>> | undefined;
    const plan = await plansOf(async () => (got = await listCandidates({ ...filter, limit: 50 })));
    expect(plan).toContain(index);
    expect(plan).not.toMatch(/(Seq Scan|Bitmap Heap Scan) on candidate c/);
    // The same rows as the flag checked over the whole pool.
    const col = filter.flag === "contaminated" ? "c.contaminated" : "c.near_dup_of is not null";
    const domain = filter.domain ? ids[["math", "code", "sci"].indexOf(filter.domain)] : null;
    const { rows } = await pool().query<{ id: number }>(
      `select c.id from candidate c where ${col} and ($1::int is null or c.domain_id = $1) and ($2::text is null or c.stage::text = $2)
        order by c.id desc limit 50`,
      [domain, filter.stage ?? null],
    );
    expect(got!.items.map((i) => i.id)).toEqual(rows.map((r) => r.id));
  });
});
