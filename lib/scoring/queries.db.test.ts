import { systemActor } from "@/lib/audit";
import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db/client";
import { createDomain } from "@/lib/domains";
import { useMigratedDatabase } from "@/lib/testing/db";
import { explorationProjection } from "./progress";
import { bandSplitByDomain, candidateEvidence, continuations, domainBandCounts, passRateHistogram } from "./queries";

// The evidence queries against a real database: rows written with plain SQL, the way the
// scoring driver writes them, then read back through the three views.

let domainId: number;
let runId: number;
const ids: number[] = [];

async function insertCandidate(prompt: string): Promise<number> {
  const { rows } = await pool().query<{ id: number }>(
    `insert into candidate (domain_id, prompt, answer, prompt_hash) values ($1, $2, '4', sha256(convert_to($3, 'UTF8'))) returning id`,
    [domainId, prompt, prompt],
  );
  return rows[0].id;
}

beforeAll(async () => {
  await useMigratedDatabase();
  domainId = (await createDomain({ slug: "math", name: "Math" }, systemActor)).id;
  const ep = await pool().query<{ id: number }>(
    `insert into model_endpoint (name, base_url, model, roles, updated_at) values ('sim', 'http://x', 'm', '{target}', now()) returning id`,
  );
  const run = await pool().query<{ id: number }>(
    `insert into scoring_run (domain_id, phase, target_endpoint_id, k, settings_hash, created_by)
     values ($1, 'exploration', $2, 8, 'h', 'lead@x') returning id`,
    [domainId, ep.rows[0].id],
  );
  runId = run.rows[0].id;
  // passes per candidate: 8 (too easy), 3 (teachable), 3, 0 (too hard); one unverifiable; one unscored.
  const passes = [8, 3, 3, 0, null, undefined];
  for (const [i, p] of passes.entries()) {
    const id = await insertCandidate(`What is 2+2? (#${i})`);
    ids.push(id);
    if (p === undefined) continue;
    for (let s = 0; s < 8; s++) {
      await pool().query(
        `insert into sample (run_id, candidate_id, role, "index", response, extracted, correct, reason, prompt_tokens, completion_tokens, latency_ms)
         values ($1, $2, 'target', $3, 'The answer is \\boxed{4}', $4, $5, $6, 10, 20, 150)`,
        [runId, id, s, p === null ? null : s < p ? "4" : "5", p === null ? null : s < p, p === null ? "no reference" : s < p ? "equal" : "5 ≠ 4"],
      );
    }
    await pool().query(`insert into run_item (run_id, candidate_id, seq, status) values ($1, $2, $3, 'done')`, [runId, id, i]);
    const band = p === null ? "unverifiable" : p === 8 ? "too_easy" : p === 0 ? "too_hard" : "teachable";
    await pool().query(
      `insert into candidate_score (candidate_id, domain_id, run_id, settings_hash, passes, k, pass_rate, ci_low, ci_high, band)
       values ($1, $2, $3, 'h', $4, 8, $5, 0.1, 0.7, $6::"Band")`,
      [id, domainId, runId, p ?? 0, p === null ? null : p / 8, band],
    );
  }
  await pool().query(`update scoring_run set total = 5, completed = 5 where id = $1`, [runId]);
  // ids[1] is a variant rewritten from ids[4].
  await pool().query(`insert into candidate_lineage (child_id, parent_id) values ($1, $2)`, [ids[1], ids[4]]);
});

describe("candidateEvidence", () => {
  it("returns the score, its samples in index order and lineage both ways", async () => {
    const e = await candidateEvidence(ids[1]);
    expect(e.score).toMatchObject({ passes: 3, k: 8, passRate: 0.375, band: "teachable", runId });
    expect(e.samples.map((s) => s.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(e.samples[0]).toMatchObject({ role: "target", correct: true, extracted: "4", reason: "equal", latencyMs: 150 });
    expect(e.samples[0]).not.toHaveProperty("role_order");
    expect(e.parent).toMatchObject({ id: ids[4], kind: "transform", band: "unverifiable" });
    expect(e.variants).toEqual([]);
    const parent = await candidateEvidence(ids[4]);
    expect(parent.variants.map((v) => v.id)).toEqual([ids[1]]);
    expect(parent.parent).toBeNull();
  });

  it("is empty for an unscored candidate and 404 for a missing one", async () => {
    expect(await candidateEvidence(ids[5])).toEqual({ score: null, samples: [], parent: null, variants: [] });
    await expect(candidateEvidence(999_999)).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("domainBandCounts", () => {
  it("counts each band and the unscored rest", async () => {
    expect(await domainBandCounts(domainId)).toEqual({ too_easy: 1, teachable: 2, too_hard: 1, unverifiable: 1, unscored: 1 });
  });
});

describe("passRateHistogram", () => {
  it("bins a domain's scores 0/8..8/8, coloured by the current band", async () => {
    const h = await passRateHistogram({ domainId });
    expect(h.k).toBe(8);
    expect(h.bins.map((b) => b.count)).toEqual([1, 0, 0, 2, 0, 0, 0, 0, 1]);
    expect(h.bins.map((b) => b.band)).toEqual(["too_hard", ...Array(7).fill("teachable"), "too_easy"]);
    expect(h.unverifiable).toBe(1);
    expect(h.bins[3].label).toBe("3/8");
  });

  it("bins a run's scores, and is empty for a domain without any", async () => {
    expect((await passRateHistogram({ runId })).bins.reduce((s, b) => s + b.count, 0)).toBe(4);
    const other = await createDomain({ slug: "code", name: "Code" }, systemActor);
    const h = await passRateHistogram({ domainId: other.id });
    expect(h.bins).toHaveLength(9);
    expect(h.bins.every((b) => b.count === 0)).toBe(true);
    expect(h.unverifiable).toBe(0);
    await expect(passRateHistogram({ runId: 999_999 })).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("histograms never mix k", () => {
  it("bins a domain at one k and says which candidates were scored at another", async () => {
    const mixed = (await createDomain({ slug: "mixed-k", name: "Mixed k" }, systemActor)).id;
    const ep = (await pool().query<{ id: number }>(`select id from model_endpoint limit 1`)).rows[0].id;
    const newRun = async (k: number) =>
      (await pool().query<{ id: number }>(
        `insert into scoring_run (domain_id, phase, target_endpoint_id, k, settings_hash, created_by) values ($1, 'exploration', $2, $3, 'h${k}', 'x') returning id`,
        [mixed, ep, k],
      )).rows[0].id;
    const at8 = await newRun(8);
    const at4 = await newRun(4); // the latest run: the old rule binned everything at k = 4
    const score = async (run: number, passes: number, k: number) => {
      const id = (await pool().query<{ id: number }>(
        `insert into candidate (domain_id, prompt, prompt_hash) values ($1, $2, sha256(convert_to($2, 'UTF8'))) returning id`,
        [mixed, `mixed ${run} ${passes} ${Math.random()}`],
      )).rows[0].id;
      await pool().query(
        `insert into candidate_score (candidate_id, domain_id, run_id, settings_hash, passes, k, pass_rate, band) values ($1, $2, $3, 'h', $4, $5, $6, 'teachable')`,
        [id, mixed, run, passes, k, passes / k],
      );
    };
    await score(at8, 3, 8);
    await score(at8, 3, 8);
    await score(at8, 5, 8);
    await score(at4, 2, 4);

    const h = await passRateHistogram({ domainId: mixed });
    expect(h.k).toBe(8);
    expect(h.bins.map((b) => b.count)).toEqual([0, 0, 0, 2, 0, 1, 0, 0, 0]);
    expect(h.otherK).toEqual([{ k: 4, candidates: 1 }]);

    const h4 = await passRateHistogram({ domainId: mixed, k: 4 });
    expect(h4.bins.map((b) => b.count)).toEqual([0, 0, 1, 0, 0]);
    expect(h4.otherK).toEqual([{ k: 8, candidates: 3 }]);
    expect((await passRateHistogram({ runId: at4 })).otherK).toEqual([]);
  });
});

describe("continuations", () => {
  it("lists the runs that continue a run", async () => {
    const ep = (await pool().query<{ id: number }>(`select id from model_endpoint limit 1`)).rows[0].id;
    const child = (await pool().query<{ id: number }>(
      `insert into scoring_run (domain_id, phase, target_endpoint_id, k, settings_hash, created_by, parent_run_id) values ($1, 'scaling', $2, 8, 'h', 'x', $3) returning id`,
      [domainId, ep, runId],
    )).rows[0].id;
    expect(await continuations(runId)).toEqual([{ id: child, phase: "scaling", status: "queued" }]);
    expect(await continuations(child)).toEqual([]);
  });
});

describe("bandSplitByDomain", () => {
  it("counts each domain's scored candidates per band, leaving out domains with none", async () => {
    const split = await bandSplitByDomain();
    expect(split.get(domainId)).toEqual({ too_easy: 1, teachable: 2, too_hard: 1, unverifiable: 1 });
    const empty = (await createDomain({ slug: "never-scored", name: "Never scored" }, systemActor)).id;
    expect((await bandSplitByDomain()).has(empty)).toBe(false);
  });
});

describe("explorationProjection's histogram", () => {
  it("bins at the run's k, a candidate with fewer verified samples (errors) in the nearest bar", async () => {
    const d = (await createDomain({ slug: "proj-k", name: "Projection k" }, systemActor)).id;
    const ep = (await pool().query<{ id: number }>(`select id from model_endpoint limit 1`)).rows[0].id;
    const run = (await pool().query<{ id: number }>(
      `insert into scoring_run (domain_id, phase, target_endpoint_id, k, settings_hash, created_by, completed) values ($1, 'exploration', $2, 8, 'pk', 'x', 2) returning id`,
      [d, ep],
    )).rows[0].id;
    for (const [passes, k] of [[3, 8], [3, 7]]) {
      const id = (await pool().query<{ id: number }>(
        `insert into candidate (domain_id, prompt, prompt_hash) values ($1, $2, sha256(convert_to($2, 'UTF8'))) returning id`,
        [d, `proj ${passes}/${k}`],
      )).rows[0].id;
      await pool().query(
        `insert into candidate_score (candidate_id, domain_id, run_id, settings_hash, passes, k, pass_rate, band) values ($1, $2, $3, 'pk', $4, $5, $6, 'teachable')`,
        [id, d, run, passes, k, passes / k],
      );
    }
    const p = await explorationProjection(run);
    expect(p.histogram).toEqual([{ passes: 3, k: 8, passRate: 3 / 8, count: 2 }]); // old: a 3/7 bar beside the 3/8 one
    expect(p.projectedTeachable).toEqual({ estimate: 2, low: 2, high: 2 }); // the whole pool is scored
  });
});
