import type { PoolClient } from "pg";
import { hashPrompt } from "./hashing";
import { BANDS } from "./minhash";

// What lib/dedup derived from candidates, for the writers that take candidates away or change
// their text (an import's discard, lib/candidates/import-discard.ts; an edit's re-check,
// recheck.ts): their LSH keys, and the rows to drop before the candidates go.

/**
 * The LSH keys (band × 2^32 + the band's hash) these texts have in neardup_band, sorted. A
 * delete by candidate alone would scan the whole table (its primary key is (key, candidate_id));
 * `key = any(sorted keys)` walks the primary key in order, as the pass's probe does.
 */
export function bandKeysOf(texts: (string | null)[]): number[] {
  const keys = new Set<number>();
  const out = new Uint32Array(BANDS);
  for (const t of texts) {
    if (t === null || hashPrompt(t, out, 0) === 0) continue;
    out.forEach((hash, band) => keys.add(band * 4294967296 + hash));
  }
  return [...keys].sort((x, y) => x - y);
}

/** How many candidates outside `ids` are flagged as near-copies of one of them (their representative). */
export async function nearCopiesOf(c: PoolClient, ids: number[]): Promise<number> {
  const { rows } = await c.query<{ n: number }>(
    "select count(*)::int as n from neardup_member m where m.representative_id = any($1::int[]) and not (m.candidate_id = any($1::int[]))",
    [ids],
  );
  return rows[0].n;
}

/**
 * A key probe (hash the prompt, ~20 index lookups) cost ~150 µs per candidate on a 7.2M-row
 * band table, where one pass over the whole table cost ~0.9 µs per row (measured together, see
 * docs/decisions/0033): the pass wins once the candidates hold more than one row in this many.
 */
const SCAN_WHEN_ONE_ROW_IN = 8;

/**
 * Drop every row derived from these candidates, which the caller deletes in the same
 * transaction (and never edited: their LSH keys come from their current prompts): LSH bands,
 * hashed marks, pairs (a lead's unflag included: the pair is gone), memberships and
 * contamination hits. Callers check nearCopiesOf first: a representative is not dropped here.
 * `strategy` forces how the bands go (tests); by default the cheaper one for this many.
 */
export async function forgetCandidates(c: PoolClient, ids: number[], opts: { strategy?: "keys" | "scan" } = {}): Promise<void> {
  // Only a hashed candidate has LSH rows: a pass writes its bands and its hashed mark in one
  // transaction (neardup-pass.ts). An import discarded before its pass ran has none to find.
  const { rows } = await c.query<{ hashed: number; bandRows: number }>(
    `select (select count(*)::int from neardup_hashed where candidate_id = any($1::int[])) as hashed,
            greatest((select reltuples from pg_class where oid = 'neardup_band'::regclass), 0)::float8 as "bandRows"`,
    [ids],
  );
  const { hashed, bandRows } = rows[0];
  const strategy = opts.strategy ?? (hashed * BANDS * SCAN_WHEN_ONE_ROW_IN > bandRows ? "scan" : "keys");
  if (hashed > 0 && strategy === "scan") {
    await c.query("delete from neardup_band b using unnest($1::int[]) as u(id) where b.candidate_id = u.id", [ids]);
  } else if (hashed > 0) {
    const { rows: texts } = await c.query<{ prompt: string }>(
      "select c.prompt from candidate c join neardup_hashed h on h.candidate_id = c.id where c.id = any($1::int[])",
      [ids],
    );
    const keys = bandKeysOf(texts.map((r) => r.prompt));
    if (keys.length) await c.query("delete from neardup_band where key = any($1::int8[]) and candidate_id = any($2::int[])", [keys, ids]);
  }
  await c.query("delete from neardup_hashed where candidate_id = any($1::int[])", [ids]);
  await c.query("delete from neardup_pair where a = any($1::int[]) or b = any($1::int[])", [ids]);
  await c.query("delete from neardup_member where candidate_id = any($1::int[])", [ids]);
  await c.query("delete from contamination_hit where candidate_id = any($1::int[])", [ids]);
}
