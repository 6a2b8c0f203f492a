import type { PoolClient } from "pg";
import { pool } from "@/lib/db/client";
import { confirmPairs, readPromptFacts, storePairs } from "./confirm";
import { hasherFor, type Hasher } from "./hash-threads";
import { MAX_SLICE, PairSet, type BandTable } from "./lsh";
import { markHashed, probeExisting, writeBandsAndPair } from "./lsh-store";
import { BANDS, NEARDUP_PARAMS } from "./minhash";
import { beatPass } from "./pass-lifecycle";
import { recluster, type ReclusterResult } from "./recluster";

// One near-duplicate pass: hash every candidate not hashed yet (after an import: that import's;
// on a pool that predates lib/dedup, the first pass hashes all of it), find LSH pairs against
// the whole existing pool through neardup_band, confirm them by exact Jaccard, store them, and
// re-cluster the domains concerned. The scope (an import or a domain) only says what to report
// and which domain to re-cluster even when nothing new arrived (its threshold may have moved). Incremental by
// construction: a candidate is hashed once (neardup_hashed), and a new one meets every older
// one through the bands' primary key. Passes run one at a time (an advisory lock), so two
// imports finishing together cannot pair the same rows twice or miss each other.

export interface NearDupScope {
  domainId?: number | null;
  batchId?: number | null;
  /** Only these candidates (an edited prompt's re-check, recheck.ts). */
  candidateIds?: number[] | null;
}

export interface NearDupSummary {
  params: typeof NEARDUP_PARAMS;
  /** Candidates hashed by this pass (a prompt without a single word has no bands: `empty`). */
  hashed: number;
  empty: number;
  /** Pairs LSH proposed, and those confirmed at or above the storing floor. */
  proposed: number;
  confirmed: number;
  /** Confirmed pairs across domains at or above both domains' thresholds (reported, not flagged). */
  crossDomain: number;
  domains: ReclusterResult[];
  /** Near-duplicates flagged in the scope (the import's candidates, or the domain). */
  flagged: number;
  ms: { hashing: number; probing: number; pairing: number; confirming: number; clustering: number; total: number };
}

const LOCK_KEY = 0x6e_64_75_70; // "ndup"
const READ_PAGE = 10_000;
/** Candidates per slice: its bands stay in memory (20 × 4 bytes each) while it is paired. */
const SLICE = Math.min(1_500_000, MAX_SLICE - 100_000);

function scopeSql(scope: NearDupScope, p: (v: unknown) => string): string {
  const cond: string[] = [];
  if (scope.batchId) cond.push(`c.batch_id = ${p(scope.batchId)}`);
  if (scope.domainId) cond.push(`c.domain_id = ${p(scope.domainId)}`);
  if (scope.candidateIds) cond.push(`c.id = any(${p(scope.candidateIds)}::int[])`);
  return cond.length ? cond.join(" and ") : "true";
}

function params() {
  const values: unknown[] = [];
  return { values, p: (v: unknown) => `$${values.push(v)}` };
}

export interface PassHooks {
  passId?: number;
  /** Called with progress after every page (also the pass's heartbeat when passId is set). */
  onProgress?: (p: { phase: string; done: number; total: number }) => void;
  /** Runs under the pass lock before anything is read (a re-check drops an edited prompt's rows). */
  before?: (client: PoolClient) => Promise<void>;
}

export async function nearDupPass(scope: NearDupScope, hooks: PassHooks = {}): Promise<NearDupSummary> {
  const started = Date.now();
  const lock = await pool().connect();
  try {
    await lock.query("select pg_advisory_lock($1)", [LOCK_KEY]);
    await hooks.before?.(lock);
    return await passLocked(lock, scope, hooks, started);
  } finally {
    await lock.query("select pg_advisory_unlock($1)", [LOCK_KEY]).catch(() => {});
    lock.release();
  }
}

async function passLocked(client: PoolClient, scope: NearDupScope, hooks: PassHooks, started: number): Promise<NearDupSummary> {
  const progress = async (phase: string, done: number, total: number) => {
    hooks.onProgress?.({ phase, done, total });
    if (hooks.passId) await beatPass(pool(), hooks.passId, { phase, done, total });
  };
  // After an import, read just its rows (the (batch_id, id) index) unless something else in
  // the pool is unhashed too (a pool older than lib/dedup, a pass that failed): then everything.
  // A re-check hashes its candidates only (whatever else is unhashed has a pass of its own).
  const hashing: NearDupScope = scope.candidateIds
    ? { candidateIds: scope.candidateIds }
    : scope.batchId && !(await unhashedElsewhere(scope.batchId))
      ? { batchId: scope.batchId }
      : {};
  const total = await countToHash(hashing);
  await progress("hashing", 0, total);
  const { rows: th } = await pool().query<{ id: number; t: number }>("select id, dedup_threshold as t from domain");
  const thresholds = new Map(th.map((r) => [r.id, r.t]));
  const touched = new Set<number>(scope.domainId ? [scope.domainId] : []);
  const s: NearDupSummary = {
    params: NEARDUP_PARAMS,
    hashed: 0,
    empty: 0,
    proposed: 0,
    confirmed: 0,
    crossDomain: 0,
    domains: [],
    flagged: 0,
    ms: { hashing: 0, probing: 0, pairing: 0, confirming: 0, clustering: 0, total: 0 },
  };
  let after = 0;
  for (;;) {
    const t0 = Date.now();
    // Threads live only while a slice is hashed: their heaps are gone before it is paired
    // (peak RSS at 1.4M: 538 MB with them kept, bench:dedup).
    const hasher = hasherFor(total - s.hashed);
    const slice = await readAndHashSlice(hashing, after, s, total, progress, hasher).finally(() => hasher.close());
    s.ms.hashing += Date.now() - t0;
    if (slice.read === 0) break;
    after = slice.lastId;
    for (const d of slice.domainIds) touched.add(d);

    const t0p = Date.now();
    const { rows: there } = await pool().query<{ n: number }>("select count(*)::int as n from neardup_hashed");
    const existing = there[0].n && slice.table.n ? await probeExisting(pool(), slice.table) : null;
    s.ms.probing += Date.now() - t0p;
    await progress("pairs", s.hashed, total);
    const t1 = Date.now();
    const pairs = new PairSet();
    await client.query("begin");
    try {
      await writeBandsAndPair(client, slice.table, existing, pairs, slice.table.n > there[0].n);
      await markHashed(client, slice.allIds, slice.allDomains, slice.shingles);
      s.ms.pairing += Date.now() - t1;
      const t2 = Date.now();
      s.proposed += pairs.size;
      const ids: number[] = [];
      for (const [a, b] of pairs.entries()) ids.push(a, b);
      const facts = await readPromptFacts(client, ids);
      const confirmed = confirmPairs(pairs.entries(), facts, thresholds);
      await storePairs(client, confirmed);
      await client.query("commit");
      s.confirmed += confirmed.length;
      for (const p of confirmed) {
        if (p.domainId !== null) touched.add(p.domainId);
        else if (p.similarity >= Math.max(thresholds.get(facts.get(p.a)!.domainId) ?? 1, thresholds.get(facts.get(p.b)!.domainId) ?? 1)) s.crossDomain++;
      }
      s.ms.confirming += Date.now() - t2;
    } catch (err) {
      await client.query("rollback").catch(() => {});
      throw err;
    }
    if (slice.read < SLICE) break;
  }

  const t3 = Date.now();
  await progress("clusters", s.hashed, total);
  for (const d of [...touched].sort((x, y) => x - y)) s.domains.push(await recluster(d));
  s.flagged = await flaggedIn(scope);
  s.ms.clustering = Date.now() - t3;
  s.ms.total = Date.now() - started;
  await progress("clusters", s.hashed, total);
  return s;
}

async function countToHash(scope: NearDupScope): Promise<number> {
  const { values, p } = params();
  const { rows } = await pool().query<{ n: number }>(
    `select count(*)::int as n from candidate c
      where ${scopeSql(scope, p)} and not exists (select 1 from neardup_hashed h where h.candidate_id = c.id)`,
    values,
  );
  return rows[0].n;
}

/** Whether any candidate outside this import is unhashed (two index-only counts and the import's own). */
async function unhashedElsewhere(batchId: number): Promise<boolean> {
  const { rows } = await pool().query<{ n: string }>(
    `select (select count(*) from candidate) - (select count(*) from neardup_hashed)
          - (select count(*) from candidate c where c.batch_id = $1
              and not exists (select 1 from neardup_hashed h where h.candidate_id = c.id)) as n`,
    [batchId],
  );
  return Number(rows[0].n) > 0;
}

async function flaggedIn(scope: NearDupScope): Promise<number> {
  const { values, p } = params();
  const { rows } = await pool().query<{ n: number }>(`select count(*)::int as n from candidate c where ${scopeSql(scope, p)} and c.near_dup_of is not null`, values);
  return rows[0].n;
}

interface Slice {
  table: BandTable;
  /** Every candidate read (with or without bands), to mark hashed. */
  allIds: Int32Array;
  allDomains: Int32Array;
  shingles: Int32Array;
  domainIds: Set<number>;
  read: number;
  lastId: number;
}

async function readAndHashSlice(
  scope: NearDupScope,
  after: number,
  s: NearDupSummary,
  total: number,
  progress: (phase: string, done: number, total: number) => Promise<void>,
  hasher: Hasher,
): Promise<Slice> {
  const cap = Math.max(READ_PAGE, Math.min(SLICE, total - s.hashed + READ_PAGE));
  const ids = new Int32Array(cap);
  const bands = new Uint32Array(cap * BANDS);
  const allIds = new Int32Array(cap);
  const allDomains = new Int32Array(cap);
  const shingles = new Int32Array(cap);
  const domainIds = new Set<number>();
  let n = 0;
  let read = 0;
  let requested = 0;
  let lastId = after;
  // Pages being hashed (on threads for a big pass) while the next ones are read, in order.
  const pending: { rows: { id: number; domain_id: number }[]; hashed: ReturnType<Hasher["hash"]> }[] = [];
  const settle = async () => {
    const page = pending.shift()!;
    const { bands: b, counts } = await page.hashed;
    page.rows.forEach((r, k) => {
      allIds[read] = r.id;
      allDomains[read] = r.domain_id;
      shingles[read] = counts[k];
      read++;
      domainIds.add(r.domain_id);
      if (counts[k] === 0) s.empty++;
      else {
        bands.set(b.subarray(k * BANDS, (k + 1) * BANDS), n * BANDS);
        ids[n++] = r.id;
      }
    });
    s.hashed += page.rows.length;
    await progress("hashing", s.hashed, Math.max(total, s.hashed));
  };
  while (requested < cap) {
    const { values, p } = params();
    const { rows } = await pool().query<{ id: number; domain_id: number; prompt: string }>(
      `select c.id, c.domain_id, c.prompt from candidate c
        where c.id > ${p(lastId)} and ${scopeSql(scope, p)}
          and not exists (select 1 from neardup_hashed h where h.candidate_id = c.id)
        order by c.id limit ${p(Math.min(READ_PAGE, cap - requested))}`,
      values,
    );
    if (!rows.length) break;
    requested += rows.length;
    lastId = rows[rows.length - 1].id;
    pending.push({ rows: rows.map((r) => ({ id: r.id, domain_id: r.domain_id })), hashed: hasher.hash(rows.map((r) => r.prompt)) });
    if (pending.length > 3) await settle();
    if (rows.length < READ_PAGE) break;
  }
  while (pending.length) await settle();
  return {
    table: { ids: ids.subarray(0, n), bands: bands.subarray(0, n * BANDS), n },
    allIds: allIds.subarray(0, read),
    allDomains: allDomains.subarray(0, read),
    shingles: shingles.subarray(0, read),
    domainIds,
    read,
    lastId,
  };
}
