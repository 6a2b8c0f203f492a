import type { PoolClient } from "pg";
import { to as copyTo } from "pg-copy-streams";
import { pool } from "@/lib/db/client";
import { inTransaction } from "@/lib/db/transaction";
import { benchmarkItems, resolveBenchmarks, type BenchmarkView } from "./benchmarks";
import { refreshContaminated } from "./flags";
import { BenchmarkIndex, type Hit } from "./ngram-index";
import { DEFAULT_RULE, ruleSchema, type NgramRule } from "./ngrams";

// The decontamination pass (docs/decisions/0023): build the n-gram index of the chosen
// benchmarks in memory, stream the scope's prompts out of PostgreSQL with COPY (one pass, no
// rows held), look each prompt's n-grams up, then replace the scope's hits for those
// benchmarks and recompute candidate.contaminated for every candidate whose hits changed.
// Exported for bench:decontam and bench:dedup, which time it on the 1.4M pool.

export interface DecontamScope {
  domainId: number;
  /** Only this import's candidates (the check after an import). */
  batchId?: number | null;
  /** Only these candidates (an edited prompt's re-check). */
  candidateIds?: number[] | null;
}

/** The scope as SQL on candidate alias `c` (ids are integers: no parameters needed). */
function scopeSql(scope: DecontamScope): string {
  const int = (n: number) => String(Math.trunc(n));
  let sql = `c.domain_id = ${int(scope.domainId)}`;
  if (scope.batchId) sql += ` and c.batch_id = ${int(scope.batchId)}`;
  if (scope.candidateIds) sql += ` and c.id = any('{${scope.candidateIds.map(int).join(",")}}'::int[])`;
  return sql;
}

export interface DecontamOptions {
  /** Benchmark names; all benchmarks when empty. */
  benchmarks?: string[];
  rule?: Partial<NgramRule>;
  /** Called about every 20k candidates with (scanned, total or null). */
  onProgress?: (scanned: number) => void | Promise<void>;
  /** Runs between the scan and the write of its hits (tests: an edit in between). */
  afterScan?: () => Promise<void>;
}

export interface DecontamSummary {
  domainId: number;
  batchId: number | null;
  rule: NgramRule;
  benchmarks: { id: number; name: string; releaseDate: string | null; items: number; contentHash: string; hits: number }[];
  /** Candidates scanned. */
  candidates: number;
  hits: number;
  /** Candidates in the scope flagged contaminated after the pass (overrides applied). */
  contaminated: number;
  /** Flags that changed (either way). */
  changed: number;
  indexMs: number;
  scanMs: number;
}

export async function decontaminate(scope: DecontamScope, opts: DecontamOptions = {}): Promise<DecontamSummary> {
  const rule = ruleSchema.parse({ ...DEFAULT_RULE, ...opts.rule });
  const benchmarks = await resolveBenchmarks(opts.benchmarks ?? []);
  const t0 = performance.now();
  const index = await indexFor(benchmarks, rule);
  const t1 = performance.now();
  const hits: Hit[] = [];
  const { rows: clock } = await pool().query<{ t: Date }>("select now() as t");
  const candidates = await scanPrompts(scope, (id, prompt) => {
    const found = index.check(id, prompt);
    for (const h of found) hits.push(h);
  }, opts.onProgress);
  const t2 = performance.now();
  await opts.afterScan?.();
  const changed = await storeHits(scope, benchmarks, hits, clock[0].t);
  const { rows } = await pool().query<{ n: number }>(`select count(*)::int as n from candidate c where ${scopeSql(scope)} and c.contaminated`);
  const perBenchmark = new Map<number, number>();
  for (const h of hits) perBenchmark.set(h.benchmarkId, (perBenchmark.get(h.benchmarkId) ?? 0) + 1);
  return {
    domainId: scope.domainId,
    batchId: scope.batchId ?? null,
    rule,
    benchmarks: benchmarks.map((b) => ({ ...benchmarkRecord(b), hits: perBenchmark.get(b.id) ?? 0 })),
    candidates,
    hits: hits.length,
    contaminated: rows[0].n,
    changed,
    indexMs: Math.round(t1 - t0),
    scanMs: Math.round(t2 - t1),
  };
}

// The last index built, reused while the benchmarks (by content) and the rule are the same:
// a pass over several domains, or checks queued by consecutive imports, build it once.
let cached: { key: string; index: BenchmarkIndex } | null = null;

async function indexFor(benchmarks: BenchmarkView[], rule: NgramRule): Promise<BenchmarkIndex> {
  const key = JSON.stringify([rule, benchmarks.map((b) => [b.id, b.contentHash])]);
  if (cached?.key !== key) cached = { key, index: new BenchmarkIndex(await benchmarkItems(benchmarks.map((b) => b.id)), rule) };
  return cached.index;
}

/** What a check (and an export manifest) records of a benchmark. */
export const benchmarkRecord = (b: BenchmarkView) => ({ id: b.id, name: b.name, releaseDate: b.releaseDate, items: b.itemCount, contentHash: b.contentHash });

/**
 * The scope's hits for these benchmarks become `hits`; flags follow for old and new hit
 * candidates. A candidate whose prompt was edited while the pass read may have been scanned
 * with its old text: it is left alone (its own re-check, queued by the edit, writes its hits,
 * before or after this). A re-check (candidate scope) reads after its edit: it writes all.
 */
async function storeHits(scope: DecontamScope, benchmarks: BenchmarkView[], found: Hit[], scanStartedAt: Date): Promise<number> {
  const ids = benchmarks.map((b) => b.id);
  return inTransaction(async (c) => {
    // Two passes over one domain (a lead's check while an import's runs) write one at a time.
    await c.query("select pg_advisory_xact_lock(hashtext('edgewise.decontam.hits'), $1)", [scope.domainId]);
    // An edit's created_at is its transaction's start: a minute's margin covers one still open when the scan began.
    const { rows: edited } = scope.candidateIds
      ? { rows: [] }
      : await c.query<{ id: number }>(
          "select distinct candidate_id as id from candidate_edit where field = 'prompt' and created_at >= $1::timestamptz - interval '1 minute'",
          [scanStartedAt],
        );
    const skip = edited.map((r) => r.id);
    const skipped = new Set(skip);
    const hits = skipped.size ? found.filter((h) => !skipped.has(h.candidateId)) : found;
    const { rows: old } = await c.query<{ candidate_id: number }>(
      `delete from contamination_hit h using candidate c
        where c.id = h.candidate_id and ${scopeSql(scope)} and h.benchmark_id = any($1::int[]) and c.id <> all($2::int[])
        returning h.candidate_id`,
      [ids, skip],
    );
    if (hits.length) {
      await c.query(
        `insert into contamination_hit (candidate_id, benchmark_id, benchmark_item_id, ngram, n)
         select * from unnest($1::int[], $2::int[], $3::int[], $4::text[], $5::int[])`,
        [hits.map((h) => h.candidateId), hits.map((h) => h.benchmarkId), hits.map((h) => h.benchmarkItemId), hits.map((h) => h.ngram), hits.map((h) => h.n)],
      );
    }
    return refreshContaminated([...new Set([...old.map((r) => r.candidate_id), ...hits.map((h) => h.candidateId)])], c);
  });
}

const PROGRESS_EVERY = 20_000;

/**
 * Every (id, prompt) of the scope through `visit`, streamed with COPY in text format (a
 * server-side cursor through pg was several times slower at 1.4M rows). Returns the count.
 */
export async function scanPrompts(scope: DecontamScope, visit: (id: number, prompt: string) => void, onProgress?: (scanned: number) => void | Promise<void>): Promise<number> {
  const client: PoolClient = await pool().connect();
  let count = 0;
  try {
    const stream = client.query(copyTo(`copy (select c.id, c.prompt from candidate c where ${scopeSql(scope)}) to stdout`));
    const decoder = new TextDecoder("utf-8");
    let carry: Buffer | null = null;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const buf: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
      const last = buf.lastIndexOf(0x0a);
      if (last < 0) {
        carry = Buffer.from(buf);
        continue;
      }
      carry = last + 1 < buf.length ? Buffer.from(buf.subarray(last + 1)) : null;
      const text = decoder.decode(buf.subarray(0, last));
      let start = 0;
      while (start <= text.length) {
        let end = text.indexOf("\n", start);
        if (end < 0) end = text.length;
        const tab = text.indexOf("\t", start);
        const id = Number(text.slice(start, tab));
        const raw = text.slice(tab + 1, end);
        visit(id, raw.includes("\\") ? unescapeCopy(raw) : raw);
        if (++count % PROGRESS_EVERY === 0 && onProgress) await onProgress(count);
        start = end + 1;
      }
    }
  } finally {
    client.release();
  }
  return count;
}

const ESCAPES: Record<string, string> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\" };

/** COPY text format's backslash escapes back to the text. */
export function unescapeCopy(s: string): string {
  return s.replace(/\\(?:([0-7]{1,3})|x([0-9a-fA-F]{1,2})|(.))/g, (_m, oct: string | undefined, hex: string | undefined, ch: string | undefined) => {
    if (oct) return String.fromCharCode(parseInt(oct, 8));
    if (hex) return String.fromCharCode(parseInt(hex, 16));
    return ESCAPES[ch!] ?? ch!;
  });
}
