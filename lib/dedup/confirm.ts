import type { Pool, PoolClient } from "pg";
import { jaccard, shingleSet } from "./shingles";

// Confirming LSH's proposals: the exact Jaccard similarity of the two prompts' shingle sets.
// Only candidates that appear in a proposed pair are read back (a few % of a pool).

type Q = Pick<Pool | PoolClient, "query">;

export interface PromptFacts {
  domainId: number;
  hasAnswer: boolean;
  shingles: Uint32Array;
}

const READ_CHUNK = 5_000;

/** Shingle sets (and domain, has-answer) of these candidates. */
export async function readPromptFacts(q: Q, ids: Iterable<number>): Promise<Map<number, PromptFacts>> {
  const all = [...new Set(ids)];
  const out = new Map<number, PromptFacts>();
  for (let at = 0; at < all.length; at += READ_CHUNK) {
    const { rows } = await q.query<{ id: number; domain_id: number; prompt: string; has_answer: boolean }>(
      "select id, domain_id, prompt, answer is not null as has_answer from candidate where id = any($1::int[])",
      [all.slice(at, at + READ_CHUNK)],
    );
    for (const r of rows) out.set(r.id, { domainId: r.domain_id, hasAnswer: r.has_answer, shingles: shingleSet(r.prompt) });
  }
  return out;
}

export interface ConfirmedPair {
  a: number;
  b: number;
  /** Same domain: that domain; null across domains. */
  domainId: number | null;
  similarity: number;
}

/** Similarity below which a proposed pair is not stored at all (thresholds may be set down to it). */
export const STORE_FLOOR = 0.5;

/**
 * Exact Jaccard of each proposed pair; keep those at or above the lowest threshold that could
 * ever use them: min(STORE_FLOOR… the two domains' thresholds). Clustering then applies the
 * domain's threshold, so moving it re-clusters without hashing again.
 */
export function confirmPairs(pairs: Iterable<[number, number]>, facts: Map<number, PromptFacts>, thresholds: Map<number, number>): ConfirmedPair[] {
  const out: ConfirmedPair[] = [];
  for (const [a, b] of pairs) {
    const fa = facts.get(a);
    const fb = facts.get(b);
    if (!fa || !fb) continue; // deleted meanwhile
    const floor = Math.min(STORE_FLOOR, thresholds.get(fa.domainId) ?? STORE_FLOOR, thresholds.get(fb.domainId) ?? STORE_FLOOR);
    const similarity = jaccard(fa.shingles, fb.shingles);
    if (similarity < floor) continue;
    out.push({ a: Math.min(a, b), b: Math.max(a, b), domainId: fa.domainId === fb.domainId ? fa.domainId : null, similarity });
  }
  return out;
}

/** Upsert confirmed pairs; a lead's unflag on an existing pair is kept. */
export async function storePairs(q: Q, pairs: ConfirmedPair[]): Promise<void> {
  const CHUNK = 50_000;
  for (let at = 0; at < pairs.length; at += CHUNK) {
    const part = pairs.slice(at, at + CHUNK);
    await q.query(
      `insert into neardup_pair (a, b, domain_id, similarity)
       select * from unnest($1::int[], $2::int[], $3::int[], $4::float8[])
       on conflict (a, b) do update set similarity = excluded.similarity, domain_id = excluded.domain_id`,
      [part.map((p) => p.a), part.map((p) => p.b), part.map((p) => p.domainId), part.map((p) => p.similarity)],
    );
  }
}
