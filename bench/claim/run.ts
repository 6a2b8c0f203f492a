// npm run bench:claim  (BENCH_CLAIM_ROWS=200000 for a quick try; BENCH_CLAIM_SECONDS=20;
// BENCH_CLAIM_ORDER=informative|oldest|random)
// Claim-next latency at Phi-4 scale: 1.4M candidates over the bench:import domains, scored by a
// set-based synthetic fill (candidate + candidate_score written by generate_series in SQL, not
// the bench:import pool: loading 1.4M lines through the importer takes minutes and tells the
// claim nothing more — the claim reads review_slot, candidate_score and review_served only).
// 32 reviewers then work the math queue for ~20 s through the lib calls the routes make
// (claimNext, then decide: 70% accept, 25% reject, 5% skip), with gold items at the default
// rate. In the same loop, under the same concurrency and the same connection pool, each
// reviewer also times a bare `SELECT … FOR UPDATE SKIP LOCKED LIMIT 1` over the same queue —
// the floor a claim cannot go under. Prints p50/p95 of both (and, for context, of one reviewer
// working alone: the claim's own cost without queueing) and, last, p95 claim / p95 bare.
// Goal: claim p95 <= 25 ms and ratio <= 2.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { systemActor } from "@/lib/audit";
import { createUser } from "@/lib/auth/users";
import { disconnect, pool } from "@/lib/db/client";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";
import { createDomain } from "@/lib/domains";
import { updateDomain } from "@/lib/scoring/domain-update";
import { stopBoss } from "@/lib/jobs/boss";
import { claimNext, decide, refreshQueue, setGold } from "@/lib/review";
import { DOMAINS } from "../import/generate";

const ROWS = Number(process.env.BENCH_CLAIM_ROWS ?? 1_400_000);
const SECONDS = Number(process.env.BENCH_CLAIM_SECONDS ?? 20);
/** informative (default) | oldest | random: the math domain's queue order. */
const ORDER = (process.env.BENCH_CLAIM_ORDER ?? "informative") as "informative" | "oldest" | "random";
const REVIEWERS = 32;
const GOLD = 200;
const GOAL_P95_MS = 25;
const GOAL_RATIO = 2;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(s.length * p) - 1))];
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-claim-"));
const server = await startEmbeddedPostgres({ dir: path.join(dir, "data"), port: 57000 + (process.pid % 1000) });
try {
  await migrate(server.url);
  process.env.DATABASE_URL = server.url;
  const ids: number[] = [];
  for (const slug of DOMAINS) ids.push((await createDomain({ slug, name: slug }, systemActor)).id);
  const db = pool();

  let t = performance.now();
  // Candidates spread over the domains; pass rates 0..8 of 8 from a hash, so the bands come out
  // like a real pool's (roughly: a fifth too easy, a fifth too hard, the rest teachable).
  await db.query(
    `insert into candidate (domain_id, prompt, answer, prompt_hash, stage)
     select ($1::int[])[1 + g % array_length($1::int[], 1)], 'bench prompt ' || g || repeat(' filler', 40), (g % 97)::text,
            sha256(convert_to('bench ' || g, 'UTF8')), 'triaged'
       from generate_series(1, $2) g`,
    [ids, ROWS],
  );
  await db.query(
    `insert into candidate_score (candidate_id, domain_id, run_id, settings_hash, passes, k, pass_rate, ci_low, ci_high, band, judge_score)
     select c.id, c.domain_id, 1, 'bench', p.passes, 8, p.passes / 8.0, 0, 1,
            (case when p.passes = 8 then 'too_easy' when p.passes = 0 then 'too_hard' else 'teachable' end)::"Band",
            1 + abs(hashtext('j' || c.id)) % 10
       from candidate c cross join lateral (select abs(hashtext('p' || c.id)) % 9 as passes) p`,
  );
  await db.query("vacuum analyze candidate");
  await db.query("vacuum analyze candidate_score");
  const math = ids[0];
  const reviewers: { id: string; email: string }[] = [];
  for (let i = 0; i < REVIEWERS; i++) {
    const u = await createUser(systemActor, { email: `bench${i}@example.com`, name: `Bench ${i}`, role: "reviewer", password: "bench-reviewer-pass" });
    reviewers.push({ id: u.id, email: u.email });
  }
  const lead = await createUser(systemActor, { email: "lead@example.com", name: "Lead", role: "lead", password: "bench-lead-pass" });
  const golds = await db.query<{ id: number }>("select id from candidate where domain_id = $1 order by id desc limit $2", [math, GOLD]);
  for (const [i, g] of golds.rows.entries()) await setGold({ id: lead.id, email: lead.email }, { candidateId: g.id, decision: i % 3 ? "accept" : "reject" });
  if (ORDER !== "informative") await updateDomain("math", { reviewOrder: ORDER }, systemActor);
  const filled = await refreshQueue(math);
  await db.query("vacuum analyze review_slot");
  const { rows: sizes } = await db.query<{ candidates: number; teachable: number }>(
    "select (select count(*)::int from candidate) as candidates, (select count(*)::int from review_slot where domain_id = $1 and band = 'teachable') as teachable",
    [math],
  );
  await stopBoss();
  const loadSeconds = (performance.now() - t) / 1000;

  // Warm-up: this process's first claim (it would refresh the queue) and a few of each.
  for (const r of reviewers.slice(0, 4)) await claimNext(r.id, math);

  const claims: number[] = [];
  const bare: number[] = [];
  let decided = 0;
  let conflicts = 0;
  let gold = 0;
  const goldIds = new Set(golds.rows.map((g) => g.id));
  const until = Date.now() + SECONDS * 1000;
  t = performance.now();
  await Promise.all(
    reviewers.map(async (r, n) => {
      let rand = n + 1;
      const next = () => (rand = (rand * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      while (Date.now() < until) {
        let s = performance.now();
        const item = await claimNext(r.id, math);
        claims.push(performance.now() - s);
        s = performance.now();
        await db.query(
          `select candidate_id, slot from review_slot where domain_id = $1 and band = 'teachable' and decided_at is null and holder is null
            order by priority, candidate_id limit 1 for update skip locked`,
          [math],
        );
        bare.push(performance.now() - s);
        if (!item) break;
        if (goldIds.has(item.candidateId)) gold++;
        const x = next();
        const decision = x < 0.05 ? "skip" : x < 0.75 ? "accept" : "reject";
        try {
          await decide({ ...r }, { candidateId: item.candidateId, decision, ...(decision === "reject" ? { reason: "ambiguous" } : {}) });
          decided++;
        } catch {
          conflicts++;
        }
      }
    }),
  );
  const seconds = (performance.now() - t) / 1000;

  // For context, not the goal: one reviewer alone (no queueing for connections or CPU), the
  // claim's own cost next to the bare statement's.
  const alone = { claims: [] as number[], bare: [] as number[] };
  const solo = reviewers[0];
  for (let i = 0; i < 300; i++) {
    let s = performance.now();
    const item = await claimNext(solo.id, math);
    alone.claims.push(performance.now() - s);
    s = performance.now();
    await db.query(
      `select candidate_id, slot from review_slot where domain_id = $1 and band = 'teachable' and decided_at is null and holder is null
        order by priority, candidate_id limit 1 for update skip locked`,
      [math],
    );
    alone.bare.push(performance.now() - s);
    if (!item) break;
    await decide({ ...solo }, { candidateId: item.candidateId, decision: "accept" });
  }
  const ms = (x: number) => `${x.toFixed(2).padStart(7)} ms`;
  console.log(`\ncandidates: ${sizes[0].candidates.toLocaleString("en")}, math teachable queue: ${sizes[0].teachable.toLocaleString("en")} slots (${filled.toLocaleString("en")} written by refreshQueue); loaded in ${loadSeconds.toFixed(0)} s`);
  console.log(`order: ${ORDER}; ${REVIEWERS} reviewers for ${seconds.toFixed(1)} s: ${claims.length} claims, ${decided} decisions (${(decided / seconds).toFixed(0)}/s), ${gold} gold items served, ${conflicts} conflicts`);
  console.log(`${"".padEnd(40)}     p50       p95`);
  console.log(`${"claimNext".padEnd(40)} ${ms(pct(claims, 0.5))} ${ms(pct(claims, 0.95))}`);
  console.log(`${"bare SELECT … FOR UPDATE SKIP LOCKED".padEnd(40)} ${ms(pct(bare, 0.5))} ${ms(pct(bare, 0.95))}`);
  console.log(`${"one reviewer alone: claimNext".padEnd(40)} ${ms(pct(alone.claims, 0.5))} ${ms(pct(alone.claims, 0.95))}`);
  console.log(`${"one reviewer alone: bare SELECT".padEnd(40)} ${ms(pct(alone.bare, 0.5))} ${ms(pct(alone.bare, 0.95))}`);
  const p95 = pct(claims, 0.95);
  console.log(`claim p95 ${p95.toFixed(2)} ms (goal <= ${GOAL_P95_MS} ms)`);
  console.log(`ratio (p95 claim / p95 bare): ${(p95 / pct(bare, 0.95)).toFixed(2)} (goal <= ${GOAL_RATIO})`);
} finally {
  await stopBoss().catch(() => {});
  await disconnect();
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
