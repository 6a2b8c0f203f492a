// npm run bench:stats  (BENCH_STATS_ROWS=200000 for a quick try; BENCH_STATS_ITERATIONS=40;
// BENCH_STATS_EXPLAIN=1 prints each statement's plan once)
// The dashboards' aggregates at Phi-4 scale: 1.4M candidates over the bench:import domains,
// written set-based (candidate + candidate_score by generate_series, as bench:claim does; a
// k = 8 run per domain), ~3% of the teachable items in review (review_item in every state) with
// ~1.5 decisions each spread over two weeks. Times every dashboard endpoint's lib function and,
// in the same loop, the same SQL run directly on the pool; prints p50/p95 of both and, last,
// the worst ratio p95 lib / p95 raw. Goal: p95 <= 150 ms, ratio <= 3.
// Since the counters (docs/decisions/0028) the lib's statements read stat_delta, and "raw" is
// that same counter statement run directly; the column "rows p95" is the pre-counter aggregate
// over the rows themselves (lib/stats/aggregate-twins.ts), for comparison. The data is written
// through the counter triggers; the deltas are folded once after loading, as the worker does
// every 15 s.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { systemActor } from "@/lib/audit";
import { createUser } from "@/lib/auth/users";
import { disconnect, pool } from "@/lib/db/client";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";
import { createDomain } from "@/lib/domains";
import { stopBoss } from "@/lib/jobs/boss";
import { agreementReport } from "@/lib/review";
import { bandPreview, binCoverage, compactStatDeltas, domainOverview, queueDepth, recentChanges, reviewerThroughput, setBinTargets, statusHistogram } from "@/lib/stats";
import { DIRECT_BAND_PREVIEW_SQL, DIRECT_COVERAGE_SQL, DIRECT_OVERVIEW_SQL, DIRECT_QUEUE_DEPTH_SQL, DIRECT_STATUS_HISTOGRAM_SQL } from "@/lib/stats/aggregate-twins";
import { CHANGES_SQL } from "@/lib/stats/changes";
import { COVERAGE_SQL } from "@/lib/stats/coverage";
import { BAND_PREVIEW_SQL, STATUS_HISTOGRAM_SQL } from "@/lib/stats/histogram";
import { OVERVIEW_SQL } from "@/lib/stats/overview";
import { QUEUE_DEPTH_SQL, THROUGHPUT_SQL } from "@/lib/stats/reviewers";
import { DOMAINS } from "../import/generate";

const ROWS = Number(process.env.BENCH_STATS_ROWS ?? 1_400_000);
const ITERATIONS = Number(process.env.BENCH_STATS_ITERATIONS ?? 40);
const REVIEWERS = 16;
const GOAL_P95_MS = 150;
const GOAL_RATIO = 3;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(s.length * p) - 1))];
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-stats-"));
const server = await startEmbeddedPostgres({ dir: path.join(dir, "data"), port: 56000 + (process.pid % 1000) });
try {
  await migrate(server.url);
  process.env.DATABASE_URL = server.url;
  const db = pool();
  const ids: number[] = [];
  for (const slug of DOMAINS) ids.push((await createDomain({ slug, name: slug }, systemActor)).id);
  const reviewers: string[] = [];
  for (let i = 0; i < REVIEWERS; i++) {
    reviewers.push((await createUser(systemActor, { email: `bench${i}@example.com`, name: `Bench ${i}`, role: "reviewer", password: "bench-reviewer-pass" })).id);
  }
  let t = performance.now();
  const { rows: ep } = await db.query<{ id: number }>("insert into model_endpoint (name, base_url, model, roles, updated_at) values ('bench', 'http://x', 'm', '{}', now()) returning id");
  const { rows: runs } = await db.query<{ id: number; domain_id: number }>(
    `insert into scoring_run (domain_id, phase, target_endpoint_id, k, settings_hash, created_by, status, finished_at)
     select d, 'scaling', $2, 8, 'bench', 'bench', 'done', now() - interval '3 hours' from unnest($1::int[]) d returning id, domain_id`,
    [ids, ep[0].id],
  );
  const runOf = ids.map((d) => runs.find((r) => r.domain_id === d)!.id);
  await db.query(
    `insert into candidate (domain_id, prompt, answer, prompt_hash, stage)
     select ($1::int[])[1 + g % array_length($1::int[], 1)], 'bench prompt ' || g || repeat(' filler', 40), (g % 97)::text,
            sha256(convert_to('bench ' || g, 'UTF8')), case when g % 20 = 0 then 'imported' else 'triaged' end::"CandidateStage"
       from generate_series(1, $2) g`,
    [ids, ROWS],
  );
  // Pass rates 0..8 of 8 from a hash; 1 in 50 unverifiable; 1 in 20 never scored.
  await db.query(
    `insert into candidate_score (candidate_id, domain_id, run_id, settings_hash, passes, k, pass_rate, ci_low, ci_high, band)
     select c.id, c.domain_id, ($1::int[])[array_position($2::int[], c.domain_id)], 'bench', p.passes, 8,
            case when c.id % 50 <> 0 then p.passes / 8.0 end, 0, 1,
            (case when c.id % 50 = 0 then 'unverifiable' when p.passes = 8 then 'too_easy' when p.passes = 0 then 'too_hard' else 'teachable' end)::"Band"
       from candidate c cross join lateral (select abs(hashtext('p' || c.id)) % 9 as passes) p
      where c.stage <> 'imported'`,
    [runOf, ids],
  );
  // ~3% of the teachable in review: final accept / reject, open, adjudication.
  await db.query(
    `insert into review_item (candidate_id, domain_id, state, outcome, final_at, updated_at)
     select s.candidate_id, s.domain_id, x.state::"ReviewItemState", x.outcome::"ReviewDecisionKind", case when x.state = 'final' then now() end, now()
       from candidate_score s
       cross join lateral (select case abs(hashtext('r' || s.candidate_id)) % 10 when 0 then 'open' when 1 then 'adjudication' else 'final' end as state) st
       cross join lateral (select st.state, case when st.state = 'final' then case when s.candidate_id % 4 = 0 then 'reject' else 'accept' end end as outcome) x
      where s.band = 'teachable' and s.candidate_id % 31 = 0 -- 31, not a multiple of the 3 domains: every domain gets some`,
  );
  await db.query(
    `insert into review_decision (candidate_id, domain_id, reviewer_id, decision, created_at, gold)
     select i.candidate_id, i.domain_id, ($1::text[])[1 + (i.candidate_id + n) % array_length($1::text[], 1)],
            (case when coalesce(i.outcome, 'accept') = 'accept' then 'accept' else 'reject' end)::"ReviewDecisionKind",
            now() - make_interval(secs => abs(hashtext('t' || i.candidate_id || n)) % (14 * 86400)), false
       from review_item i cross join generate_series(1, case when i.candidate_id % 2 = 0 then 2 else 1 end) n`,
    [reviewers],
  );
  await setBinTargets(systemActor, DOMAINS[0], { targets: [{ low: 1 / 8, high: 3 / 8, target: 5000 }, { low: 4 / 8, high: 7 / 8, target: 8000 }] });
  const loaded = performance.now() - t;
  const folded = await compactStatDeltas();
  for (const table of ["candidate", "candidate_score", "review_item", "review_decision", "stat_delta"]) await db.query(`vacuum analyze ${table}`);
  const { rows: sizes } = await db.query<{ c: number; s: number; i: number; x: number }>(
    "select (select count(*)::int from candidate) c, (select count(*)::int from candidate_score) s, (select count(*)::int from review_item) i, (select count(*)::int from review_decision) x",
  );
  await stopBoss();
  console.log(`\ncandidates ${sizes[0].c.toLocaleString("en")}, scores ${sizes[0].s.toLocaleString("en")}, review items ${sizes[0].i.toLocaleString("en")}, decisions ${sizes[0].x.toLocaleString("en")}; loaded in ${(loaded / 1000).toFixed(0)} s (counter deltas folded: ${folded})`);

  const math = ids[0];
  type Case = { name: string; lib: () => Promise<unknown>; raw: (() => Promise<unknown>) | null; sql?: [string, unknown[]]; rows?: [string, unknown[]] };
  const cases: Case[] = [
    { name: "overview: domainOverview", lib: () => domainOverview(null), raw: () => db.query(OVERVIEW_SQL, [null]), sql: [OVERVIEW_SQL, [null]], rows: [DIRECT_OVERVIEW_SQL, [null]] },
    { name: "overview: recentChanges", lib: () => recentChanges(null), raw: () => db.query(CHANGES_SQL(false), [null]), sql: [CHANGES_SQL(false), [null]] },
    { name: "domain: statusHistogram", lib: () => statusHistogram(math), raw: () => db.query(STATUS_HISTOGRAM_SQL, [math]), sql: [STATUS_HISTOGRAM_SQL, [math]], rows: [DIRECT_STATUS_HISTOGRAM_SQL, [math]] },
    { name: "domain: bandPreview", lib: () => bandPreview(math, 0.2, 0.8), raw: () => db.query(BAND_PREVIEW_SQL, [math, 0.2, 0.8]), sql: [BAND_PREVIEW_SQL, [math, 0.2, 0.8]], rows: [DIRECT_BAND_PREVIEW_SQL, [math, 0.2, 0.8]] },
    { name: "domain: binCoverage", lib: () => binCoverage(math), raw: () => db.query(COVERAGE_SQL, [math]), sql: [COVERAGE_SQL, [math]], rows: [DIRECT_COVERAGE_SQL, [math]] },
    { name: "reviewers: reviewerThroughput", lib: () => reviewerThroughput(null, 14), raw: () => db.query(THROUGHPUT_SQL, [null, 14]), sql: [THROUGHPUT_SQL, [null, 14]] },
    { name: "reviewers: queueDepth", lib: () => queueDepth(null), raw: () => db.query(QUEUE_DEPTH_SQL, [null]), sql: [QUEUE_DEPTH_SQL, [null]], rows: [DIRECT_QUEUE_DEPTH_SQL, [null]] },
    { name: "reviewers: agreementReport (lib/review)", lib: () => agreementReport(math, 1), raw: null },
  ];
  if (process.env.BENCH_STATS_EXPLAIN) {
    for (const c of cases.filter((x) => x.sql)) {
      const { rows } = await db.query<{ "QUERY PLAN": string }>(`explain (analyze, buffers) ${c.sql![0]}`, c.sql![1]);
      console.log(`\n── ${c.name}\n${rows.map((r) => r["QUERY PLAN"]).join("\n")}`);
    }
  }
  const ms = (x: number) => `${x.toFixed(1).padStart(7)} ms`;
  console.log(`${"".padEnd(42)}  lib p50   lib p95   raw p50   raw p95  ratio  rows p95`);
  let worst = { name: "", ratio: 0 };
  let worstP95 = 0;
  for (const c of cases) {
    const lib: number[] = [];
    const raw: number[] = [];
    await c.lib(); // warm-up
    if (c.raw) await c.raw();
    for (let i = 0; i < ITERATIONS; i++) {
      t = performance.now();
      await c.lib();
      lib.push(performance.now() - t);
      if (c.raw) {
        t = performance.now();
        await c.raw();
        raw.push(performance.now() - t);
      }
    }
    const ratio = c.raw ? pct(lib, 0.95) / pct(raw, 0.95) : NaN;
    // The same question counted from the rows (pre-counter SQL): fewer rounds, it is slow.
    const rows: number[] = [];
    for (let i = 0; c.rows && i < Math.min(ITERATIONS, 10); i++) {
      t = performance.now();
      await db.query(c.rows[0], c.rows[1]);
      rows.push(performance.now() - t);
    }
    worstP95 = Math.max(worstP95, pct(lib, 0.95));
    if (c.raw && ratio > worst.ratio) worst = { name: c.name, ratio };
    console.log(
      `${c.name.padEnd(42)} ${ms(pct(lib, 0.5))} ${ms(pct(lib, 0.95))} ${c.raw ? `${ms(pct(raw, 0.5))} ${ms(pct(raw, 0.95))} ${ratio.toFixed(2).padStart(6)}${rows.length ? ms(pct(rows, 0.95)) : ""}` : "   (no raw twin: lib/review's own report)"}`,
    );
  }
  console.log(`worst p95 ${worstP95.toFixed(1)} ms (goal <= ${GOAL_P95_MS} ms)`);
  console.log(`worst ratio (p95 lib / p95 raw SQL, the same counter statement run directly): ${worst.ratio.toFixed(2)} — ${worst.name} (goal <= ${GOAL_RATIO})`);
} finally {
  await stopBoss().catch(() => {});
  await disconnect();
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
