import { BANDS } from "./minhash";

// Locality-sensitive hashing in memory: which candidates share a band hash. The bands of the
// candidates being checked (new) are merged, band by band, with the matching rows already in
// neardup_band (existing) — fetched by key, so a 10k import reads only its own buckets of a
// 1.4M pool. The same sorted walk feeds the COPY of the new rows in key order (lsh-store.ts).

/** Candidates being hashed: ids and BANDS hashes each (row-major). */
export interface BandTable {
  ids: Int32Array;
  bands: Uint32Array;
  n: number;
}

/** Rows of neardup_band that share a key with the new candidates. */
export interface ExistingBands {
  band: Uint8Array;
  hash: Uint32Array;
  id: Int32Array;
  m: number;
}

/** Buckets larger than this pair each member with the first and its id-order neighbour only. */
export const ALL_PAIRS_UP_TO = 16;
/** local indices are packed under the hash in a float64 sort key: 32 + 21 bits ≤ 2^53. */
export const MAX_SLICE = 1 << 21;

export interface PairSink {
  /** a < b */
  pair(a: number, b: number): void;
}

/** Distinct pairs as two parallel arrays (a < b). */
export class PairSet implements PairSink {
  private seen = new Map<number, Set<number>>();
  size = 0;
  pair(a: number, b: number): void {
    let s = this.seen.get(a);
    if (!s) this.seen.set(a, (s = new Set()));
    if (!s.has(b)) {
      s.add(b);
      this.size++;
    }
  }
  *entries(): Generator<[number, number]> {
    for (const [a, bs] of this.seen) for (const b of bs) yield [a, b];
  }
}

/**
 * Walk one band: new candidates' hashes and existing rows of that band, sorted by hash;
 * propose pairs within each bucket that holds at least one new candidate; call `onNew` for
 * each new candidate's (hash, id) in hash order.
 */
export function walkBand(
  table: BandTable,
  existing: ExistingBands | null,
  band: number,
  sink: PairSink,
  onNew?: (hash: number, id: number) => void,
): void {
  const extra: number[] = [];
  if (existing) for (let i = 0; i < existing.m; i++) if (existing.band[i] === band) extra.push(i);
  const total = table.n + extra.length;
  if (total > MAX_SLICE) throw new Error(`LSH slice too large: ${total}`);
  const keys = new Float64Array(total);
  for (let i = 0; i < table.n; i++) keys[i] = table.bands[i * BANDS + band] * MAX_SLICE + i;
  for (let j = 0; j < extra.length; j++) keys[table.n + j] = existing!.hash[extra[j]] * MAX_SLICE + table.n + j;
  keys.sort();
  const idOf = (local: number) => (local < table.n ? table.ids[local] : existing!.id[extra[local - table.n]]);
  const members: number[] = [];
  let anyNew = false;
  const flush = () => {
    if (members.length > 1 && anyNew) bucketPairs(members, sink);
    members.length = 0;
    anyNew = false;
  };
  let current = -1;
  for (let k = 0; k < total; k++) {
    const hash = Math.floor(keys[k] / MAX_SLICE);
    const local = keys[k] - hash * MAX_SLICE;
    if (hash !== current) {
      flush();
      current = hash;
    }
    const id = idOf(local);
    if (local < table.n) {
      anyNew = true;
      onNew?.(hash, id);
    }
    members.push(id);
  }
  flush();
}

/** Pairs of one bucket: all of them when small; else first–each and neighbours (id order). */
export function bucketPairs(members: number[], sink: PairSink): void {
  const ids = [...new Set(members)].sort((x, y) => x - y);
  if (ids.length <= ALL_PAIRS_UP_TO) {
    for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) sink.pair(ids[i], ids[j]);
    return;
  }
  for (let i = 1; i < ids.length; i++) {
    sink.pair(ids[0], ids[i]);
    if (i > 1) sink.pair(ids[i - 1], ids[i]);
  }
}

/** Every band of the table; pairs go to `sink`. */
export function candidatePairs(table: BandTable, existing: ExistingBands | null, sink: PairSink = new PairSet()): PairSink {
  for (let band = 0; band < BANDS; band++) walkBand(table, existing, band, sink);
  return sink;
}
