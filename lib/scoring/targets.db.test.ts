import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db/client";
import { startSimulator, type Simulator } from "@/lib/models/simulator";
import { useMigratedDatabase } from "@/lib/testing/db";
import { ingestBatchOutput, writeBatchRequests } from "./batch";
import { decodeCustomId } from "./batch-format";
import { statusHistogram } from "@/lib/stats";
import { difficultyOf, difficultySql, runBasisK, runBasisKSql, type DifficultyBasis, type ModelScore } from "./difficulty";
import { candidateEvidence, passRateHistogram } from "./queries";
import { domainTargetModels, getDifficultyBasis, setDifficultyBasis } from "./domain-difficulty";
import { driveRun } from "./driver";
import { createRescoreRun } from "./rescore";
import { createRun, getRun } from "./runs";
import { settingsHash } from "./settings";
import { bandOf } from "./stats";
import { closeConnections, createTestEndpoint, mathItems, seedDomain, testActor } from "./test-fixtures";

// Several target models, one difficulty (issue 15): a run sampling two models on two simulator
// instances over real HTTP — one serving a weak model, one a strong one — gets a pass rate per
// model, and the domain's basis (primary / endpoint / min / mean) decides the band from them,
// re-triaged from stored rates when it changes. Twin simulators (same seeds) answer the batch
// files, so the batch round trip must land on the live run's per-model pass rates.

const items = mathItems(60, "targets");
const single = mathItems(20, "single");
let weakSim: Simulator;
let strongSim: Simulator;
let weakTwin: Simulator;
let strongTwin: Simulator;
let weak: number;
let strong: number;

beforeAll(async () => {
  await useMigratedDatabase();
  const opts = (seed: number) => ({ withDemoKey: false, answerKeys: [...items, ...single].map((i) => i.key), seed });
  [weakSim, strongSim, weakTwin, strongTwin] = await Promise.all([startSimulator(opts(11)), startSimulator(opts(12)), startSimulator(opts(11)), startSimulator(opts(12))]);
  // The simulator's model name sets how good it is: "sim-strong" fails a quarter as often.
  strong = (await createTestEndpoint("strong", strongSim.url, "sim-strong")).id;
  weak = (await createTestEndpoint("weak", weakSim.url, "sim-target")).id;
  await seedDomain("multi", items);
  await seedDomain("solo", single);
});

afterAll(async () => {
  await Promise.all([weakSim, strongSim, weakTwin, strongTwin].map((s) => s?.close()));
  await closeConnections();
});

const drive = (runId: number) => driveRun(runId, { continueAsJob: false, leaseSeconds: 3 });

type ModelRow = { candidate_id: number; endpoint_id: number; position: number; passes: number; k: number; pass_rate: number; run_id: number };
const modelRows = async (domain: string) =>
  (
    await pool().query<ModelRow>(
      `select m.candidate_id, m.endpoint_id, m.position, m.passes, m.k, m.pass_rate, m.run_id from candidate_model_score m
         join domain d on d.id = m.domain_id where d.slug = $1 order by m.candidate_id, m.position`,
      [domain],
    )
  ).rows;
type ScoreRow = { candidate_id: number; passes: number; k: number; pass_rate: number | null; ci_low: number | null; band: string };
const scores = async (domain: string) =>
  new Map(
    (
      await pool().query<ScoreRow>(
        `select s.candidate_id, s.passes, s.k, s.pass_rate, s.ci_low, s.band::text from candidate_score s join domain d on d.id = s.domain_id where d.slug = $1`,
        [domain],
      )
    ).rows.map((r) => [r.candidate_id, r]),
  );
const sampleCount = async () => (await pool().query<{ n: number }>("select count(*)::int as n from sample")).rows[0].n;
const byCandidate = (rows: ModelRow[]) => {
  const out = new Map<number, ModelScore[]>();
  for (const r of rows) out.set(r.candidate_id, [...(out.get(r.candidate_id) ?? []), { endpointId: r.endpoint_id, position: r.position, passes: r.passes, k: r.k }]);
  return out;
};

/** Every score of the domain is difficultyOf(its model rows, basis), banded by the domain's band. */
async function expectBasis(domain: string, basis: DifficultyBasis) {
  const models = byCandidate(await modelRows(domain));
  const now = await scores(domain);
  expect(now.size).toBe(models.size);
  for (const [id, ms] of models) {
    const d = difficultyOf(ms, basis)!;
    const s = now.get(id)!;
    expect({ passes: s.passes, k: s.k, band: s.band }).toEqual({ passes: d.passes, k: d.k, band: bandOf(d.passRate, 0.1, 0.9) });
    expect(s.ci_low).toBeCloseTo(d.ciLow!, 12);
  }
  return now;
}

describe("a run with two target models", () => {
  let runId: number;

  it("samples both endpoints over HTTP: k samples and a pass rate per model; the primary's defines the band by default", async () => {
    const run = await createRun({ domain: "multi", targetEndpointIds: [strong, weak], phase: "scaling", k: 8 }, testActor);
    runId = run.id;
    expect(run).toMatchObject({ targetEndpointId: strong, targetEndpointIds: [strong, weak], total: 60 });
    expect((await getRun(run.id)).settingsHash).not.toBe(settingsHash({ target: { id: strong, model: "sim-strong", baseUrl: strongSim.url }, k: 8, temperature: 1, maxTokens: 1024 }));
    expect(await drive(run.id)).toMatchObject({ outcome: "done", candidates: 60, samples: 960 });
    // Each simulator answered only its own model's requests.
    expect(weakSim.stats().answered).toBeGreaterThan(0);
    expect(strongSim.stats().answered).toBeGreaterThan(0);

    const { rows: perModel } = await pool().query<{ target_position: number; candidates: number; min: number; max: number }>(
      `select target_position, count(*)::int as candidates, min(n)::int as min, max(n)::int as max from
         (select candidate_id, target_position, count(*) as n from sample where run_id = $1 and role = 'target' group by 1, 2) x group by 1 order by 1`,
      [run.id],
    );
    expect(perModel).toEqual([{ target_position: 0, candidates: 60, min: 8, max: 8 }, { target_position: 1, candidates: 60, min: 8, max: 8 }]);

    const rows = await modelRows("multi");
    expect(rows).toHaveLength(120);
    const mean = (endpoint: number) => rows.filter((r) => r.endpoint_id === endpoint).reduce((a, r) => a + r.pass_rate, 0) / 60;
    // The strong model passes far more often than the weak one: different pass rates per model.
    expect(mean(strong) - mean(weak)).toBeGreaterThan(0.1);
    expect(rows.some((r) => r.endpoint_id === weak && r.passes < rows.find((s) => s.candidate_id === r.candidate_id && s.endpoint_id === strong)!.passes)).toBe(true);
    await expectBasis("multi", { basis: "primary", endpointId: null });
    expect((await domainTargetModels((await getRun(run.id)).domainId)).map((m) => [m.name, m.candidates])).toEqual([["strong", 60], ["weak", 60]]);
  });

  it("the domain's basis re-triages from the stored per-model pass rates, without sampling", async () => {
    const samples = await sampleCount();
    const primary = await scores("multi");
    const tally = (m: Map<number, ScoreRow>) => [...m.values()].reduce<Record<string, number>>((a, s) => ((a[s.band] = (a[s.band] ?? 0) + 1), a), {});

    const toWeak = await setDifficultyBasis("multi", { basis: "endpoint", endpointId: weak }, testActor);
    expect(toWeak.changed).toBeGreaterThan(0);
    const weakBands = await expectBasis("multi", { basis: "endpoint", endpointId: weak });
    // Harder for the weak model: more too hard, fewer too easy than under the strong primary.
    expect(tally(weakBands).too_hard ?? 0).toBeGreaterThan(tally(primary).too_hard ?? 0);
    expect(tally(weakBands).too_easy ?? 0).toBeLessThan(tally(primary).too_easy ?? 0);

    await setDifficultyBasis("multi", { basis: "min" }, testActor);
    await expectBasis("multi", { basis: "min", endpointId: null });
    const mean = await setDifficultyBasis("multi", { basis: "mean" }, testActor);
    expect(mean.changed).toBeGreaterThan(0);
    const pooled = await expectBasis("multi", { basis: "mean", endpointId: null });
    expect([...pooled.values()].every((s) => s.k === 16)).toBe(true);

    await setDifficultyBasis("multi", { basis: "primary" }, testActor);
    // Back where it started (the interval is recomputed in SQL: equal to float precision, checked in expectBasis).
    const rates = (m: Map<number, ScoreRow>) => new Map([...m].map(([id, s]) => [id, [s.passes, s.k, s.pass_rate, s.band]]));
    expect(rates(await expectBasis("multi", { basis: "primary", endpointId: null }))).toEqual(rates(primary));
    expect(await sampleCount()).toBe(samples);
    const { rows: audit } = await pool().query("select 1 from audit_event where action = 'domain.difficulty'");
    expect(audit).toHaveLength(4);
  });

  it("the candidate page and the histograms: per-model rates side by side, one model's bins, the mean at targets × k", async () => {
    const domainId = (await getRun(runId)).domainId;
    const rows = await modelRows("multi");
    const c = rows[0].candidate_id;
    const ev = await candidateEvidence(c);
    expect(ev.score!.models.map((m) => [m.name, m.passes, m.k])).toEqual(rows.filter((r) => r.candidate_id === c).map((r) => [r.endpoint_id === strong ? "strong" : "weak", r.passes, r.k]));
    expect(ev.score!.basis).toEqual({ basis: "primary", endpointId: null });
    expect(new Set(ev.samples.filter((s) => s.role === "target").map((s) => s.targetPosition))).toEqual(new Set([0, 1]));

    // One model's histogram: its own rates, binned at the run's k.
    const weakH = await statusHistogram(domainId, { endpointId: weak });
    expect(weakH).toMatchObject({ endpointId: weak, k: 8 });
    for (let passes = 0; passes <= 8; passes++) {
      expect(weakH.bins[passes].total).toBe(rows.filter((r) => r.endpoint_id === weak && r.passes === passes).length);
    }
    expect((await statusHistogram(domainId)).k).toBe(8);
    // The mean pools 2 × 8 samples: its bins are out of 16, never mixed with 8-bins.
    await setDifficultyBasis("multi", { basis: "mean" }, testActor);
    const meanH = await statusHistogram(domainId);
    expect(meanH.k).toBe(16);
    expect(meanH.bins.reduce((a, b) => a + b.total, 0)).toBe(60);
    expect((await passRateHistogram({ runId })).k).toBe(16);
    const { rows: twin } = await pool().query<{ k: number }>(`select ${runBasisKSql("r", "r.domain_id")} as k from scoring_run r where r.id = $1`, [runId]);
    expect(twin[0].k).toBe(runBasisK(8, 2, "mean"));
    await setDifficultyBasis("multi", { basis: "primary" }, testActor);
  });

  it("a score settled after the basis changed follows it (settlement reads the basis)", async () => {
    await setDifficultyBasis("multi", { basis: "min" }, testActor);
    const run = await createRun({ domain: "multi", targetEndpointIds: [strong, weak], phase: "exploration", sampleSize: 10, k: 8 }, testActor);
    expect(await drive(run.id)).toMatchObject({ outcome: "done", candidates: 10 });
    await expectBasis("multi", { basis: "min", endpointId: null });
    await setDifficultyBasis("multi", { basis: "primary" }, testActor);
  });

  it("the basis's SQL twin agrees with difficultyOf on ties, unequal k and missing models", async () => {
    // candidate_model_score is shadowed by a CTE of hand-made rows: the statement is the one re-triage runs.
    const cases: ModelScore[][] = [
      [{ endpointId: 1, position: 0, passes: 3, k: 8 }, { endpointId: 2, position: 1, passes: 3, k: 8 }],
      [{ endpointId: 1, position: 0, passes: 1, k: 3 }, { endpointId: 2, position: 1, passes: 2, k: 6 }, { endpointId: 3, position: 2, passes: 0, k: 0 }],
      [{ endpointId: 1, position: 0, passes: 5, k: 7 }, { endpointId: 2, position: 1, passes: 4, k: 8 }],
      [{ endpointId: 2, position: 1, passes: 8, k: 8 }, { endpointId: 1, position: 0, passes: 0, k: 8 }],
      [{ endpointId: 1, position: 0, passes: 6, k: 8 }],
      [{ endpointId: 1, position: 0, passes: 0, k: 0 }, { endpointId: 2, position: 1, passes: 1, k: 8 }],
    ];
    const bases: DifficultyBasis[] = [
      { basis: "primary", endpointId: null }, { basis: "min", endpointId: null }, { basis: "mean", endpointId: null },
      { basis: "endpoint", endpointId: 2 }, { basis: "endpoint", endpointId: 9 },
    ];
    const flat = cases.flatMap((ms, i) => ms.map((m) => ({ ...m, c: i + 1 })));
    for (const b of bases) {
      const { rows } = await pool().query<{ candidate_id: number; passes: number; k: number; pass_rate: number | null; ci_low: number | null; ci_high: number | null }>(
        `with candidate_model_score as (
           select * from unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::int[]) as m(candidate_id, endpoint_id, position, passes, k))
         ${difficultySql("select distinct candidate_id from candidate_model_score", "$6::text", "$7::int")} order by 1`,
        [flat.map((f) => f.c), flat.map((f) => f.endpointId), flat.map((f) => f.position), flat.map((f) => f.passes), flat.map((f) => f.k), b.basis, b.endpointId],
      );
      rows.forEach((r, i) => {
        const d = difficultyOf(cases[i], b)!;
        expect({ passes: r.passes, k: r.k, rate: r.pass_rate }, `${b.basis} ${b.endpointId} case ${i}`).toEqual({ passes: d.passes, k: d.k, rate: d.passRate });
        if (d.ciLow === null) expect(r.ci_low).toBeNull();
        else {
          expect(r.ci_low).toBeCloseTo(d.ciLow, 12);
          expect(r.ci_high).toBeCloseTo(d.ciHigh!, 12);
        }
      });
    }
  });

  it("a single-target run is unchanged: its hash, one model row per candidate, no basis moves it", async () => {
    const run = await createRun({ domain: "solo", targetEndpointId: weak, phase: "scaling", k: 8 }, testActor);
    expect(run.targetEndpointIds).toEqual([weak]);
    expect(run.settingsHash).toBe(settingsHash({ target: { id: weak, model: "sim-target", baseUrl: weakSim.url }, k: 8, temperature: 1, maxTokens: 1024, teacher: null }));
    await drive(run.id);
    const rows = await modelRows("solo");
    expect(rows).toHaveLength(20);
    const before = await expectBasis("solo", { basis: "primary", endpointId: null });
    for (const basis of ["min", "mean"] as const) expect((await setDifficultyBasis("solo", { basis }, testActor)).changed).toBe(0);
    expect((await setDifficultyBasis("solo", { basis: "endpoint", endpointId: strong }, testActor)).changed).toBe(0); // not sampled: the primary's
    expect(await scores("solo")).toEqual(before);
    expect((await getDifficultyBasis((await getRun(run.id)).domainId)).basis).toBe("endpoint");
  });

  it("batch files: one line per model; the round trip gives the live run's per-model pass rates", async () => {
    // The live run's per-model passes, from its samples (some candidates were re-scored since).
    const { rows: livePasses } = await pool().query<{ candidate_id: number; target_position: number; passes: number }>(
      `select candidate_id, target_position, count(*) filter (where correct)::int as passes from sample where run_id = $1 and role = 'target' group by 1, 2`,
      [runId],
    );
    const live = new Map(livePasses.map((r) => [`${r.candidate_id}:${r.target_position === 0 ? strong : weak}`, r.passes]));
    const run = await createRun({ domain: "multi", targetEndpointIds: [strong, weak], phase: "exploration", sampleSize: 60, k: 8, mode: "batch" }, testActor);
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on("data", (c: Buffer) => chunks.push(c));
    const report = await writeBatchRequests(run.id, out);
    out.end();
    const lines = Buffer.concat(chunks).toString("utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
    expect(report.requests.target).toBe(120);
    const keys = lines.map((l) => ({ key: decodeCustomId(l.custom_id)!, model: l.body.model }));
    expect(keys.filter((k) => k.key.targetPosition === 1).every((k) => k.model === "sim-target")).toBe(true);
    expect(keys.filter((k) => !k.key.targetPosition).every((k) => k.model === "sim-strong")).toBe(true);
    expect(lines[0].custom_id).toMatch(/^ew:\d+:\d+:target(@1)?:0-7$/);

    // The provider's output file, answered by the twins (same seeds as the live simulators).
    const output = await Promise.all(
      lines.map(async (l) => {
        const sim = l.body.model === "sim-strong" ? strongTwin : weakTwin;
        const res = await fetch(`${sim.url}/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(l.body) });
        return JSON.stringify({ id: `b_${l.custom_id}`, custom_id: l.custom_id, response: { status_code: res.status, body: await res.json() }, error: null });
      }),
    );
    const ingest = await ingestBatchOutput(run.id, (async function* () { yield* output.reverse(); })(), testActor);
    expect(ingest).toMatchObject({ accepted: 120, samples: 960, settled: 60, duplicates: 0, rejected: 0 });
    expect((await getRun(run.id)).status).toBe("done");
    const batch = (await modelRows("multi")).filter((r) => r.run_id === run.id);
    expect(batch).toHaveLength(120);
    for (const r of batch) expect(r.passes).toBe(live.get(`${r.candidate_id}:${r.endpoint_id}`));
    await expectBasis("multi", { basis: "primary", endpointId: null });

    // A line for a model the run does not have is refused.
    const again = await createRun({ domain: "multi", targetEndpointIds: [strong, weak], phase: "exploration", sampleSize: 1, k: 8, mode: "batch" }, testActor);
    const { rows: item } = await pool().query<{ candidate_id: number }>("select candidate_id from run_item where run_id = $1", [again.id]);
    const forged = JSON.stringify({ custom_id: `ew:${again.id}:${item[0].candidate_id}:target@2:0`, response: { status_code: 200, body: { choices: [{ message: { content: "1" } }] } } });
    const refused = await ingestBatchOutput(again.id, (async function* () { yield forged; })(), testActor);
    expect(refused).toMatchObject({ rejected: 1, samples: 0 });
    expect(refused.problems[0].reason).toMatch(/has 2 target models; there is no target 3/);
  });

  it("re-scoring one candidate (after an edit) samples every target model of its run again", async () => {
    const c = (await modelRows("multi"))[0].candidate_id;
    const redo = await createRescoreRun(pool(), c, "test");
    expect(redo).toMatchObject({ runId: expect.any(Number) });
    const run = await getRun((redo as { runId: number }).runId);
    expect(run.targetEndpointIds).toEqual([strong, weak]);
    await drive(run.id);
    expect((await modelRows("multi")).filter((r) => r.candidate_id === c).map((r) => [r.endpoint_id, r.run_id])).toEqual([[strong, run.id], [weak, run.id]]);
  });

  it("refuses a target list that repeats an endpoint or does not start with the primary", async () => {
    await expect(createRun({ domain: "multi", targetEndpointIds: [strong, strong], phase: "scaling" }, testActor)).rejects.toThrow(/listed once/);
    await expect(createRun({ domain: "multi", targetEndpointId: weak, targetEndpointIds: [strong, weak], phase: "scaling" }, testActor)).rejects.toThrow(/start with the primary/);
  });
});
