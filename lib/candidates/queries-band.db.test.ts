import { systemActor } from "@/lib/audit";
import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db/client";
import { createDomain } from "@/lib/domains";
import { AppError } from "@/lib/errors";
import { useMigratedDatabase } from "@/lib/testing/db";
import { candidateFilterSchema, listCandidates, type CandidateFilter } from "./queries";

// The band, pass-rate and run filters, and the domain scope a reviewer is held to.

let math = 0;
let code = 0;
let runA = 0;
let runB = 0;

const bandSql = `case when s.pass_rate is null then 'unverifiable' when s.pass_rate >= 0.9 then 'too_easy'
                      when s.pass_rate <= 0.1 then 'too_hard' else 'teachable' end`;

beforeAll(async () => {
  await useMigratedDatabase();
  math = (await createDomain({ slug: "math", name: "Math" }, systemActor)).id;
  code = (await createDomain({ slug: "code", name: "Code" }, systemActor)).id;
  const runs = await pool().query<{ id: number }>(
    `insert into scoring_run (domain_id, phase, target_endpoint_id, settings_hash, created_by)
     values ($1, 'exploration', 1, 'h', 't'), ($1, 'scaling', 1, 'h', 't') returning id`,
    [math],
  );
  [runA, runB] = runs.rows.map((r) => r.id);
  // 300 candidates: every 4th is code. Of the rest, i % 3 = 0 is unscored; the others are scored
  // with passes = min(i % 10, 8) of k = 8, every 11th without a pass rate.
  await pool().query(
    `insert into candidate (domain_id, prompt, stage, prompt_hash)
     select case when i % 4 = 0 then $2::int else $1::int end, 'Prompt ' || i,
            (case when i % 3 = 0 then 'imported' else 'triaged' end)::"CandidateStage", sha256(i::text::bytea)
       from generate_series(1, 300) i`,
    [math, code],
  );
  await pool().query(
    `insert into candidate_score (candidate_id, domain_id, run_id, settings_hash, passes, k, pass_rate, band)
     select c.id, c.domain_id, case when c.id % 2 = 0 then $1::int else $2::int end, 'h', least(c.id % 10, 8), 8,
            case when c.id % 11 = 0 then null else least(c.id % 10, 8) / 8.0 end, 'teachable'
       from candidate c where c.id % 3 <> 0`,
    [runA, runB],
  );
  await pool().query(`update candidate_score s set band = (${bandSql})::"Band"`);
  // Run items: the runs' candidates (and a code candidate scored by run A, to prove the join).
  await pool().query(
    `insert into run_item (run_id, candidate_id, seq, status) select run_id, candidate_id, candidate_id, 'done' from candidate_score`,
  );
});

async function walk(filter: CandidateFilter, domainIds?: number[]): Promise<number[]> {
  const ids: number[] = [];
  let cursor: number | undefined;
  for (let guard = 0; guard < 100; guard++) {
    const page = await listCandidates({ ...filter, limit: 7, cursor }, { domainIds });
    ids.push(...page.items.map((i) => i.id));
    if (!page.nextCursor) return ids;
    cursor = page.nextCursor;
  }
  throw new Error("paging did not end");
}

async function expected(where: string, params: unknown[] = []): Promise<number[]> {
  const { rows } = await pool().query<{ id: number }>(
    `select c.id from candidate c left join candidate_score s on s.candidate_id = c.id where ${where} order by c.id desc`,
    params,
  );
  return rows.map((r) => r.id);
}

describe("listCandidates: band, pass rate, run", () => {
  it("lists each row's band and pass rate (null when unscored)", async () => {
    const page = await listCandidates({ limit: 200 });
    const scored = page.items.find((c) => c.id % 3 !== 0 && c.id % 11 !== 0)!;
    expect(scored).toMatchObject({ passes: Math.min(scored.id % 10, 8), k: 8, passRate: Math.min(scored.id % 10, 8) / 8 });
    expect(scored.band).toMatch(/^(teachable|too_easy|too_hard)$/);
    expect(page.items.find((c) => c.id % 3 === 0)).toMatchObject({ band: null, passRate: null });
  });

  for (const band of ["teachable", "too_easy", "too_hard", "unverifiable"] as const) {
    it(`filters by band ${band}, in every domain and within one`, async () => {
      const all = await expected("s.band = $1::\"Band\"", [band]);
      expect(all.length).toBeGreaterThan(0);
      expect(await walk({ band })).toEqual(all);
      expect(await walk({ band, domain: "math" })).toEqual(await expected("s.band = $1::\"Band\" and c.domain_id = $2", [band, math]));
      expect(await walk({ band, stage: "imported" })).toEqual([]); // bands and stages combine
    });
  }

  it("filters unscored: no candidate_score row", async () => {
    expect(await walk({ band: "unscored" })).toEqual(await expected("s.candidate_id is null"));
    expect(await walk({ band: "unscored", domain: "code" })).toEqual(await expected("s.candidate_id is null and c.domain_id = $1", [code]));
  });

  it("a band filter pages back and forth without gaps", async () => {
    const first = await listCandidates({ band: "teachable", limit: 5 });
    const second = await listCandidates({ band: "teachable", limit: 5, cursor: first.nextCursor! });
    const back = await listCandidates({ band: "teachable", limit: 5, after: second.prevCursor! });
    expect(back.items.map((i) => i.id)).toEqual(first.items.map((i) => i.id));
  });

  it("filters a run's current scores, and a histogram bar (passes of k) within it", async () => {
    expect(await walk({ run: String(runA) })).toEqual(await expected("s.run_id = $1", [runA]));
    expect(await walk({ run: String(runB), band: "teachable" })).toEqual(await expected("s.run_id = $1 and s.band = 'teachable'", [runB]));
    const bar = await walk({ run: String(runA), passes: "2", k: "8" });
    expect(bar).toEqual(await expected("s.run_id = $1 and s.pass_rate = 2 / 8.0", [runA]));
    expect(bar.length).toBeGreaterThan(0);
    expect(await walk({ run: "999999" })).toEqual([]);
  });

  it("bins a pass rate as the histogram does: round(rate × k), scores at that k only", async () => {
    // Some of math is re-scored at k = 4: a k = 4 bar lists those (3/8 = 0.375 would round
    // to 2/4, but a score out of 8 is not a bar of a k = 4 histogram), a k = 8 bar the rest.
    await pool().query("update candidate_score set k = 4 where domain_id = $1 and candidate_id % 7 < 3", [math]);
    try {
      const at4 = await walk({ domain: "math", passes: "2", k: "4" });
      expect(at4).toEqual(await expected("c.domain_id = $1 and s.k = 4 and round(s.pass_rate * 4)::int = 2", [math]));
      expect(at4.length).toBeGreaterThan(0);
      const at8 = await walk({ domain: "math", passes: "3", k: "8" });
      expect(at8).toEqual(await expected("c.domain_id = $1 and s.k = 8 and round(s.pass_rate * 8)::int = 3", [math]));
      expect(at8.length).toBeGreaterThan(0);
    } finally {
      await pool().query("update candidate_score set k = 8 where domain_id = $1", [math]);
    }
  });
});

describe("candidate filters are strict", () => {
  it("names an unknown parameter", () => {
    const r = candidateFilterSchema.safeParse({ bnad: "teachable" });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain("bnad");
  });

  it("refuses a bad band, and passes without k", () => {
    expect(candidateFilterSchema.safeParse({ band: "easy" }).success).toBe(false);
    expect(candidateFilterSchema.safeParse({ passes: "3" }).success).toBe(false);
    expect(candidateFilterSchema.safeParse({ passes: "9", k: "8" }).success).toBe(false);
    expect(candidateFilterSchema.safeParse({ passes: "", k: "", band: "", run: "" }).success).toBe(true);
  });
});

describe("a reader held to some domains (a reviewer)", () => {
  it("without a domain filter sees only their domains' rows", async () => {
    expect(await walk({}, [code])).toEqual(await expected("c.domain_id = $1", [code]));
    expect(await walk({ band: "teachable" }, [code])).toEqual(await expected("c.domain_id = $1 and s.band = 'teachable'", [code]));
    expect(await walk({ batch: "1" }, [code])).toEqual([]);
    expect(await walk({}, [])).toEqual([]);
  });

  it("is refused another domain, and another domain's run", async () => {
    const err = await listCandidates({ domain: "math" }, { domainIds: [code] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(403);
    const runErr = await listCandidates({ run: String(runA) }, { domainIds: [code] }).catch((e: unknown) => e);
    expect((runErr as AppError).status).toBe(403);
    expect((await listCandidates({ domain: "code" }, { domainIds: [code] })).items.length).toBeGreaterThan(0);
  });
});
