import type { PoolClient } from "pg";
import { pool } from "@/lib/db/client";
import { readPromptFacts } from "./confirm";
import { decontaminate, type DecontamSummary } from "./decontam";
import { bandKeysOf } from "./forget";
import { nearDupPass, type NearDupSummary } from "./neardup-pass";
import { jaccard } from "./shingles";

// Candidates checked on their own (the `dedup.recheck` job; candidate-checks.ts): an edited
// prompt, whose near-duplicate rows, pairs and contamination hits came from text it no longer
// has, and a transform's variants, new to the pool. Flags follow the text both ways; a lead's
// recorded overrides stay — an unflagged pair keeps its unflag (its similarity is measured
// again), and a domain's benchmark override keeps applying (candidate.contaminated is
// recomputed through it, flags.ts).

export interface RecheckSummary {
  candidates: number;
  nearDup: NearDupSummary;
  /** One per domain of the candidates. */
  decontam: DecontamSummary[];
}

/** Re-check these candidates (those gone are skipped). Safe to run again: each step replaces their own rows. */
export async function recheckCandidates(candidateIds: number[]): Promise<RecheckSummary | null> {
  const { rows } = await pool().query<{ id: number; domain_id: number }>("select id, domain_id from candidate where id = any($1::int[]) order by id", [candidateIds]);
  if (!rows.length) return null;
  const ids = rows.map((r) => r.id);
  // Under the pass lock: a pass running meanwhile (an import's) may have hashed an old text.
  const nearDup = await nearDupPass({ candidateIds: ids }, { before: (c) => dropNearDupRows(c, ids) });
  const byDomain = new Map<number, number[]>();
  for (const r of rows) byDomain.set(r.domain_id, [...(byDomain.get(r.domain_id) ?? []), r.id]);
  const decontam: DecontamSummary[] = [];
  for (const [domainId, inDomain] of byDomain) decontam.push(await decontaminate({ domainId, candidateIds: inDomain }));
  return { candidates: ids.length, nearDup, decontam };
}

/**
 * Forget what the pool knows of the candidates' earlier texts: their LSH rows (keys computed
 * again from every text each ever had, forget.ts bandKeysOf), their hashed marks and their pairs. A pair a
 * lead unflagged stays (the unflag is theirs), with the new texts' similarity.
 */
async function dropNearDupRows(c: PoolClient, ids: number[]): Promise<void> {
  const { rows: texts } = await c.query<{ t: string | null }>(
    `select prompt as t from candidate where id = any($1::int[])
     union select unnest(array[before, after]) from candidate_edit where candidate_id = any($1::int[]) and field = 'prompt'`,
    [ids],
  );
  const keys = bandKeysOf(texts.map((r) => r.t));
  await c.query("begin");
  try {
    // Every row of these candidates under these keys goes: all of them are hashed again.
    if (keys.length) await c.query("delete from neardup_band where key = any($1::int8[]) and candidate_id = any($2::int[])", [keys, ids]);
    await c.query("delete from neardup_hashed where candidate_id = any($1::int[])", [ids]);
    await c.query("delete from neardup_pair where (a = any($1::int[]) or b = any($1::int[])) and unflagged_at is null", [ids]);
    const { rows: kept } = await c.query<{ a: number; b: number }>("select a, b from neardup_pair where a = any($1::int[]) or b = any($1::int[])", [ids]);
    if (kept.length) {
      const facts = await readPromptFacts(c, kept.flatMap((p) => [p.a, p.b]));
      for (const p of kept) {
        const [fa, fb] = [facts.get(p.a), facts.get(p.b)];
        if (fa && fb) await c.query("update neardup_pair set similarity = $3 where a = $1 and b = $2", [p.a, p.b, jaccard(fa.shingles, fb.shingles)]);
      }
    }
    await c.query("commit");
  } catch (err) {
    await c.query("rollback").catch(() => {});
    throw err;
  }
}
