import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as claimRoute } from "@/app/api/review/claim/route";
import { POST as decideRoute } from "@/app/api/review/decisions/route";
import { systemActor } from "@/lib/audit";
import { createApiToken } from "@/lib/auth/tokens";
import { createUser } from "@/lib/auth/users";
import { pool } from "@/lib/db/client";
import { serveRoutes } from "@/lib/testing/route-server";
import { useMigratedDatabase } from "@/lib/testing/db";
import { setAssignments } from "./access";
import { seedScoredDomain } from "./test-fixtures";

// 32 reviewer clients over real HTTP with API tokens, as scripts and the CLI call the API:
// each claims, then accepts / rejects / skips, until the queue has nothing left for it. Three
// more clients claim one item each and vanish; their leases expire and others take them.

// 2,000 items keep 32 clients racing for the whole run (each claims ~60+ times): 51 s of
// `npm test` on 2 cores where 5,000 took 118 s (its slowest file).
const ITEMS = 2_000;
const CLIENTS = 32;
const LEASE_SECONDS = 3;
let server: { url: string; close: () => Promise<void> };
const tokens: { id: string; token: string }[] = [];

beforeAll(async () => {
  process.env.EDGEWISE_REVIEW_LEASE_SECONDS = String(LEASE_SECONDS);
  await useMigratedDatabase();
  for (let i = 0; i < CLIENTS + 3; i++) {
    const u = await createUser(systemActor, { email: `r${i}@example.com`, name: `R${i}`, role: "reviewer", password: "reviewer-pass" });
    const t = await createApiToken({ userId: u.id, email: u.email, name: u.name, role: "reviewer", via: "session" }, { name: "bench" });
    tokens.push({ id: u.id, token: t.token });
  }
  server = await serveRoutes({ "/api/review/claim": { POST: claimRoute }, "/api/review/decisions": { POST: decideRoute } });
}, 120_000);

afterAll(async () => {
  await server?.close();
});

const post = (token: string, path: string, body: unknown) =>
  fetch(server.url + path, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) });

type Log = { served: number[]; decided: { candidateId: number; decision: string }[]; conflicts: number };

/** One reviewer: claim → decide until the queue stays empty longer than a lease. */
async function reviewer(token: string, slug: string, seed: number): Promise<Log> {
  const log: Log = { served: [], decided: [], conflicts: 0 };
  let rand = seed;
  const next = () => ((rand = (rand * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  let emptySince: number | null = null;
  for (;;) {
    const res = await post(token, "/api/review/claim", { domain: slug });
    if (res.status === 204) {
      emptySince ??= Date.now();
      if (Date.now() - emptySince > (LEASE_SECONDS + 2) * 1000) return log;
      await new Promise((r) => setTimeout(r, 300));
      continue;
    }
    expect(res.status).toBe(200);
    emptySince = null;
    const { item } = (await res.json()) as { item: { candidateId: number } };
    log.served.push(item.candidateId);
    const r = next();
    const decision = r < 0.05 ? "skip" : r < 0.7 ? "accept" : "reject";
    const d = await post(token, "/api/review/decisions", { candidateId: item.candidateId, decision, ...(decision === "reject" ? { reason: "ambiguous" } : {}) });
    if (d.status === 200) log.decided.push({ candidateId: item.candidateId, decision });
    else {
      expect(d.status).toBe(409); // lost the lease (a slow client) or the item went final meanwhile
      log.conflicts++;
    }
  }
}

async function runQueue(slug: string) {
  const vanishing = tokens.slice(CLIENTS);
  for (const v of vanishing) expect((await post(v.token, "/api/review/claim", { domain: slug })).status).toBe(200);
  return Promise.all(tokens.slice(0, CLIENTS).map((t, i) => reviewer(t.token, slug, i + 1)));
}

async function checkInvariants(slug: string, domainId: number, logs: Log[]) {
  // Never served twice to one reviewer.
  for (const l of logs) expect(new Set(l.served).size).toBe(l.served.length);
  // Every decision a client was told succeeded is stored exactly once, and nothing else is.
  const { rows } = await pool().query<{ reviewer_id: string; candidate_id: number; decision: string }>(
    "select reviewer_id, candidate_id, decision::text from review_decision where domain_id = $1 and undone_at is null",
    [domainId],
  );
  const told = logs.flatMap((l, i) => l.decided.map((d) => `${tokens[i].id}:${d.candidateId}:${d.decision}`)).sort();
  expect(rows.map((r) => `${r.reviewer_id}:${r.candidate_id}:${r.decision}`).sort()).toEqual(told);
  expect(new Set(told).size).toBe(told.length);
  void slug;
}

describe("review claims under 32 concurrent reviewers over HTTP", () => {
  it("one reviewer per item: every item decided exactly once, none served twice, vanished leases taken over", async () => {
    const { domainId, ids } = await seedScoredDomain("solo", ITEMS);
    await setAssignments(systemActor, "solo", tokens.map((t) => t.id));
    const logs = await runQueue("solo");
    await checkInvariants("solo", domainId, logs);
    const { rows } = await pool().query<{ n: number; final: number; votes: number }>(
      `select count(*)::int as n, count(*) filter (where i.state = 'final')::int as final,
              (select count(*)::int from review_decision d where d.domain_id = $1 and d.undone_at is null and d.decision <> 'skip') as votes
         from review_item i where i.domain_id = $1`,
      [domainId],
    );
    expect(rows[0]).toEqual({ n: ITEMS, final: ITEMS, votes: ITEMS });
    const stages = await pool().query<{ stage: string; n: number }>(
      "select stage::text, count(*)::int as n from candidate where id = any($1::int[]) group by 1",
      [ids],
    );
    expect(stages.rows.every((r) => r.stage === "accepted" || r.stage === "rejected")).toBe(true);
  }, 240_000);

  it("two reviewers per item, majority: exactly two decisions each, final if they agree, else a lead's", async () => {
    const { domainId } = await seedScoredDomain("pair", ITEMS, { reviewersPerItem: 2 });
    await setAssignments(systemActor, "pair", tokens.map((t) => t.id));
    const logs = await runQueue("pair");
    await checkInvariants("pair", domainId, logs);
    const { rows } = await pool().query<{ state: string; votes: number; agree: boolean; outcome: string | null; final_vote: string | null }>(
      `select i.state::text, i.outcome::text,
              count(d.id)::int as votes, count(distinct d.decision) = 1 as agree, min(d.decision::text) as final_vote
         from review_item i join review_decision d on d.candidate_id = i.candidate_id and d.undone_at is null and d.decision <> 'skip'
        where i.domain_id = $1 group by i.candidate_id, i.state, i.outcome`,
      [domainId],
    );
    expect(rows).toHaveLength(ITEMS);
    for (const r of rows) {
      expect(r.votes).toBe(2);
      if (r.agree) expect([r.state, r.outcome]).toEqual(["final", r.final_vote]);
      else expect([r.state, r.outcome]).toEqual(["adjudication", null]);
    }
    // Two decisions on one item always came from two different reviewers.
    const dup = await pool().query(
      "select 1 from review_decision where domain_id = $1 and undone_at is null and decision <> 'skip' group by candidate_id, reviewer_id having count(*) > 1",
      [domainId],
    );
    expect(dup.rowCount).toBe(0);
  }, 240_000);
});
