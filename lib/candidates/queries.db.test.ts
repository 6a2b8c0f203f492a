import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db/client";
import { createDomain } from "@/lib/domains";
import { useMigratedDatabase } from "@/lib/testing/db";
import { escapeLike, getCandidate, listCandidates } from "./queries";

beforeAll(async () => {
  await useMigratedDatabase();
  const math = await createDomain({ slug: "math", name: "Math" });
  const code = await createDomain({ slug: "code", name: "Code" });
  // 250 rows, set-based: every 5th is code, every 7th is accepted, some mention 50% or a_b.
  await pool().query(
    `insert into candidate (domain_id, prompt, source, stage, prompt_hash)
     select case when i % 5 = 0 then $2::int else $1::int end,
            'Prompt ' || i || case when i % 50 = 0 then ' with 50% off' when i % 51 = 0 then ' name a_b' else '' end,
            case when i % 2 = 0 then 'even' else 'odd' end,
            (case when i % 7 = 0 then 'accepted' else 'imported' end)::"CandidateStage",
            sha256(i::text::bytea)
       from generate_series(1, 250) i`,
    [math.id, code.id],
  );
});

describe("listCandidates", () => {
  it("pages newest first with no gaps or repeats", async () => {
    const seen: number[] = [];
    let cursor: number | undefined;
    for (;;) {
      const page = await listCandidates({ limit: 40, cursor });
      seen.push(...page.items.map((i) => i.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toHaveLength(250);
    expect(new Set(seen).size).toBe(250);
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);
  });

  it("filters by domain, stage, source and text, together", async () => {
    const code = await listCandidates({ domain: "code", limit: 200 });
    expect(code.items).toHaveLength(50);
    expect(code.items.every((i) => i.domain === "code")).toBe(true);
    const accepted = await listCandidates({ domain: "math", stage: "accepted", source: "even", limit: 200 });
    expect(accepted.items.length).toBeGreaterThan(0);
    expect(accepted.items.every((i) => i.stage === "accepted" && i.source === "even" && i.domain === "math")).toBe(true);
  });

  it("treats % and _ in a search as plain characters", async () => {
    expect((await listCandidates({ q: "50%" })).items.map((i) => i.preview)).toEqual(
      expect.arrayContaining([expect.stringContaining("50% off")]),
    );
    expect((await listCandidates({ q: "50%", limit: 200 })).items.every((i) => i.preview.includes("50%"))).toBe(true);
    expect((await listCandidates({ q: "a_b", limit: 200 })).items.every((i) => i.preview.includes("a_b"))).toBe(true);
    expect(escapeLike("a%b_c\\")).toBe("a\\%b\\_c\\\\");
  });

  it("returns an empty page for an unknown domain and 404 for an unknown id", async () => {
    expect((await listCandidates({ domain: "nope" })).items).toEqual([]);
    await expect(getCandidate(999_999)).rejects.toMatchObject({ code: "not_found" });
  });
});
