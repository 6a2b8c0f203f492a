import type { PoolClient } from "pg";
import { pool } from "@/lib/db/client";
import { readPromptFacts } from "./confirm";
import { decontaminate, type DecontamSummary } from "./decontam";
import { hashPrompt } from "./hashing";
import { BANDS } from "./minhash";
import { nearDupPass, type NearDupSummary } from "./neardup-pass";
import { jaccard } from "./shingles";

// An edited prompt checked again (the `dedup.recheck` job, queued by the edit; after-edit.ts):
// its near-duplicate rows and pairs came from text it no longer has, and so did its
// contamination hits. Flags follow the new text both ways; a lead's recorded overrides stay —
// an unflagged pair keeps its unflag (its similarity is measured again), and a domain's benchmark
// override keeps applying (candidate.contaminated is recomputed through it, flags.ts).

export interface RecheckSummary {
  candidateId: number;
  nearDup: NearDupSummary;
  decontam: DecontamSummary;
}

/** Re-check one candidate (null when it is gone). Safe to run again: each step replaces its own rows. */
export async function recheckCandidate(candidateId: number): Promise<RecheckSummary | null> {
  const { rows } = await pool().query<{ domain_id: number }>("select domain_id from candidate where id = $1", [candidateId]);
  if (!rows[0]) return null;
  // Under the pass lock: a pass running meanwhile (an import's) may have hashed the old text.
  const nearDup = await nearDupPass({ candidateIds: [candidateId] }, { before: (c) => dropNearDupRows(c, candidateId) });
  const decontam = await decontaminate({ domainId: rows[0].domain_id, candidateIds: [candidateId] });
  return { candidateId, nearDup, decontam };
}

/**
 * Forget what the pool knows of the candidate's earlier texts: its LSH rows (their keys are
 * computed again from every text it ever had — the primary key is (key, candidate_id), so
 * a delete by candidate alone would scan the whole table), its hashed mark and its pairs. A
 * pair a lead unflagged stays (the unflag is theirs), with the new texts' similarity.
 */
async function dropNearDupRows(c: PoolClient, candidateId: number): Promise<void> {
  const { rows: texts } = await c.query<{ t: string }>(
    `select prompt as t from candidate where id = $1
     union select unnest(array[before, after]) from candidate_edit where candidate_id = $1 and field = 'prompt'`,
    [candidateId],
  );
  const keys = new Set<number>();
  const out = new Uint32Array(BANDS);
  for (const { t } of texts) {
    if (t === null || hashPrompt(t, out, 0) === 0) continue;
    out.forEach((hash, band) => keys.add(band * 4294967296 + hash));
  }
  await c.query("begin");
  try {
    if (keys.size) await c.query("delete from neardup_band where key = any($1::int8[]) and candidate_id = $2", [[...keys], candidateId]);
    await c.query("delete from neardup_hashed where candidate_id = $1", [candidateId]);
    await c.query("delete from neardup_pair where (a = $1 or b = $1) and unflagged_at is null", [candidateId]);
    const { rows: kept } = await c.query<{ a: number; b: number }>("select a, b from neardup_pair where a = $1 or b = $1", [candidateId]);
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
