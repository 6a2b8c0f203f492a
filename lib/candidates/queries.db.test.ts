import { systemActor } from "@/lib/audit";
import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db/client";
import { createDomain } from "@/lib/domains";
import { useMigratedDatabase } from "@/lib/testing/db";
import { getCandidate, listCandidates, listSources, type CandidateFilter } from "./queries";
import { escapeLike } from "./search";

let batchA = 0;
let batchB = 0;

beforeAll(async () => {
  await useMigratedDatabase();
  const math = await createDomain({ slug: "math", name: "Math" }, systemActor);
  const code = await createDomain({ slug: "code", name: "Code" }, systemActor);
  await createDomain({ slug: "empty", name: "Empty" }, systemActor);
  const batches = await pool().query<{ id: number }>(
    `insert into import_batch (file_name, format, created_by) values ('a.jsonl', 'generic', 't'), ('b.jsonl', 'gsm8k', 't') returning id`,
  );
  [batchA, batchB] = batches.rows.map((r) => r.id);
  // 250 rows, set-based: every 5th is code, every 7th accepted (but only among the oldest
  // 100, so lanes matter), every 3rd scored; the first 120 from batch A, the rest from B;
  // some mention 50%, a_b, or "axb" (which an unescaped "a_b" would wrongly match).
  await pool().query(
    `insert into candidate (domain_id, batch_id, prompt, source, stage, prompt_hash)
     select case when i % 5 = 0 then $2::int else $1::int end,
            case when i <= 120 then $3::int else $4::int end,
            'Prompt ' || i || case when i % 50 = 0 then ' with 50% off' when i % 50 = 1 then ' with 50 percent'
                                   when i % 51 = 0 then ' name a_b' when i % 51 = 1 then ' name axb' else '' end,
            case when i % 2 = 0 then 'even' else 'odd' end,
            (case when i <= 100 and i % 7 = 0 then 'accepted' when i % 3 = 0 then 'scored' else 'imported' end)::"CandidateStage",
            sha256(i::text::bytea)
       from generate_series(1, 250) i`,
    [math.id, code.id, batchA, batchB],
  );
});

/** Walk every older page from the newest one; return the ids in the order shown. */
async function walkOlder(filter: CandidateFilter, limit: number): Promise<number[]> {
  const seen: number[] = [];
  let cursor: number | undefined;
  for (let guard = 0; guard < 100; guard++) {
    const page = await listCandidates({ ...filter, limit, cursor });
    seen.push(...page.items.map((i) => i.id));
    if (!page.nextCursor) return seen;
    cursor = page.nextCursor;
  }
  throw new Error("paging did not end");
}

/** The same rows by a plain query: what the pages must add up to. */
async function expected(where: string, params: unknown[] = []): Promise<number[]> {
  const { rows } = await pool().query<{ id: number }>(
    `select c.id from candidate c join domain d on d.id = c.domain_id where ${where} order by c.id desc`,
    params,
  );
  return rows.map((r) => r.id);
}

describe("listCandidates", () => {
  it("pages newest first with no gaps or repeats", async () => {
    const seen = await walkOlder({}, 40);
    expect(seen).toEqual(await expected("true"));
    expect(seen).toHaveLength(250);
  });

  it.each<[string, CandidateFilter, string, unknown[]]>([
    ["domain", { domain: "code" }, "d.slug = 'code'", []],
    ["stage (one lane per domain)", { stage: "accepted" }, "c.stage = 'accepted'", []],
    ["domain + stage", { domain: "math", stage: "scored" }, "d.slug = 'math' and c.stage = 'scored'", []],
    ["source", { source: "even" }, "c.source = 'even'", []],
    ["batch", { batch: -1 }, "c.batch_id = $1", ["A"]],
    ["batch + stage", { batch: -2, stage: "scored" }, "c.batch_id = $1 and c.stage = 'scored'", ["B"]],
    ["text: every word, any order, case-insensitive", { q: "50 PROMPT" }, "c.prompt ilike '%prompt%' and c.prompt ilike '%50%'", []],
    ["text: a quoted phrase as written", { q: '"prompt 1"' }, "c.prompt ilike '%prompt 1%'", []],
    ["everything at once", { domain: "math", stage: "imported", source: "odd", q: "prompt" }, "d.slug = 'math' and c.stage = 'imported' and c.source = 'odd'", []],
  ])("filters by %s, across pages", async (_name, filter, where, params) => {
    // Batch ids are only known after seeding: -1/-2 and "A"/"B" stand for them.
    const ids = { A: batchA, B: batchB } as Record<string, number>;
    const f = filter.batch ? { ...filter, batch: filter.batch === -1 ? batchA : batchB } : filter;
    const want = await expected(where, params.map((x) => ids[x as string]));
    expect(want.length).toBeGreaterThan(0);
    expect(await walkOlder(f, 7)).toEqual(want);
  });

  it("labels each row with its domain and stage", async () => {
    const page = await listCandidates({ domain: "code", stage: "accepted", limit: 200 });
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((i) => i.domain === "code" && i.stage === "accepted")).toBe(true);
  });

  it("walks back to newer pages with the previous-page cursor", async () => {
    const filter = { domain: "math", limit: 15 };
    const first = await listCandidates(filter);
    expect(first.prevCursor).toBeNull();
    const second = await listCandidates({ ...filter, cursor: first.nextCursor! });
    const third = await listCandidates({ ...filter, cursor: second.nextCursor! });
    const backToSecond = await listCandidates({ ...filter, after: third.prevCursor! });
    expect(backToSecond.items).toEqual(second.items);
    const backToFirst = await listCandidates({ ...filter, after: backToSecond.prevCursor! });
    expect(backToFirst.items).toEqual(first.items);
    expect(backToFirst.prevCursor).toBeNull();
    expect(backToFirst.nextCursor).toBe(first.nextCursor);
  });

  it("treats % and _ in a search as plain characters", async () => {
    const pct = await listCandidates({ q: "50%", limit: 200 });
    expect(pct.items.length).toBe(5);
    expect(pct.items.every((i) => i.preview.includes("50% off"))).toBe(true);
    const underscore = await listCandidates({ q: "a_b", limit: 200 });
    expect(underscore.items.length).toBeGreaterThan(0);
    expect(underscore.items.every((i) => i.preview.includes("a_b"))).toBe(true);
    expect(escapeLike("a%b_c\\")).toBe("a\\%b\\_c\\\\");
  });

  it("returns an empty page for an unknown or empty domain, and 404 for an unknown id", async () => {
    expect(await listCandidates({ domain: "nope" })).toEqual({ items: [], nextCursor: null, prevCursor: null });
    expect((await listCandidates({ domain: "empty" })).items).toEqual([]);
    await expect(getCandidate(999_999)).rejects.toMatchObject({ code: "not_found" });
  });

  it("ignores blank filter fields from a query string and rejects bad ones", async () => {
    const page = await listCandidates({ domain: "", stage: "", source: "", batch: "", q: "", cursor: "", limit: 5 } as CandidateFilter);
    expect(page.items).toHaveLength(5);
    await expect(listCandidates({ stage: "bogus" } as unknown as CandidateFilter)).rejects.toThrow();
    await expect(listCandidates({ limit: 1000 })).rejects.toThrow();
  });
});

describe("listSources", () => {
  it("lists every distinct source once, in order, by skipping through the index", async () => {
    expect(await listSources()).toEqual(["even", "odd"]);
    // A row without a source is not a suggestion; one before and one after the others are.
    const { rows } = await pool().query<{ id: number }>(
      `insert into candidate (domain_id, prompt, source, prompt_hash)
       select domain_id, 'extra ' || s, nullif(s, 'none'), sha256(('extra' || s)::bytea)
         from (select domain_id from candidate limit 1) d, unnest(array['none', 'aaa', 'zzz']) s returning id`,
    );
    try {
      expect(await listSources()).toEqual(["aaa", "even", "odd", "zzz"]);
    } finally {
      await pool().query("delete from candidate where id = any($1)", [rows.map((r) => r.id)]);
    }
  });
});

describe("getCandidate", () => {
  it("returns the full prompt with its domain and batch", async () => {
    const [newest] = (await listCandidates({ limit: 1 })).items;
    const c = await getCandidate(newest.id);
    expect(c.prompt).toMatch(/^Prompt 250/);
    expect(c.domain.slug).toBe("code");
    expect(c.batch).toMatchObject({ id: batchB, fileName: "b.jsonl" });
  });
});
