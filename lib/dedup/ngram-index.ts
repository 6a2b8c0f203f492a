import { forEachNgram, NgramKeys, ngramKeys, normalWords, WordHasher, type NgramRule } from "./ngrams";

// The benchmark side of decontamination, in memory: every n-gram of every benchmark item (for
// each n-gram size the rule uses) in an open-addressing hash table keyed by its 64-bit hash.
// A candidate is checked by looking up each of its own n-grams: O(words) per candidate, never
// a comparison of pairs. The built-in benchmarks (~5.4k items) take a few MB.

export interface IndexItem {
  /** benchmark_item.id */
  id: number;
  benchmarkId: number;
  prompt: string;
}

export interface Hit {
  candidateId: number;
  benchmarkId: number;
  benchmarkItemId: number;
  /** The shared n-gram, normalised words joined by spaces. */
  ngram: string;
  n: number;
}

/** The bitset position of a key: other bits of the key than the table's slot uses. */
const bitOf = (k1: number, k2: number) => (Math.imul(k1, 0x85ebca6b) ^ k2) >>> 9;

/** One table per n-gram size: keys (two int32 halves) → a chain of postings (item, position). */
class Table {
  mask: number;
  k1: Int32Array;
  k2: Int32Array;
  /** Head posting + 1 (0 = empty slot). */
  head: Int32Array;
  size = 0;
  /**
   * One bit per key hash (a 1 MB bitset, cache-resident): almost every candidate n-gram is in
   * no benchmark, and this answers "no" without touching the 3 × 4 MB key arrays.
   */
  readonly bits = new Uint32Array(1 << 18);

  constructor(expected: number) {
    let cap = 1024;
    while (cap < expected * 2) cap *= 2;
    this.mask = cap - 1;
    this.k1 = new Int32Array(cap);
    this.k2 = new Int32Array(cap);
    this.head = new Int32Array(cap);
  }

  slot(k1: number, k2: number): number {
    let i = (k1 ^ Math.imul(k2, 0x9e3779b1)) & this.mask;
    for (;;) {
      if (this.head[i] === 0 || (this.k1[i] === k1 && this.k2[i] === k2)) return i;
      i = (i + 1) & this.mask;
    }
  }
}

export class BenchmarkIndex {
  private readonly tables = new Map<number, Table>();
  /** Postings: item index, word position, next posting + 1 in the chain. */
  private pItem: number[] = [];
  private pPos: number[] = [];
  private pNext: number[] = [];
  private readonly items: IndexItem[];
  private readonly words: string[][];
  private readonly hasher = new WordHasher();
  readonly ngrams: Record<number, number> = {};

  constructor(items: IndexItem[], readonly rule: NgramRule) {
    this.items = items;
    this.words = items.map((i) => normalWords(i.prompt));
    const sizes = [...new Set([rule.n, ...(rule.shortBelow > 0 && rule.shortN < rule.n ? [rule.shortN] : [])])];
    const totalWords = this.words.reduce((s, w) => s + w.length, 0);
    for (const n of sizes) this.build(n, totalWords);
    this.longSizes = [rule.n];
    this.shortSizes = sizes;
  }

  /** N-gram sizes checked for prompts of shortBelow words or more / fewer, longest first. */
  private readonly longSizes: number[];
  private readonly shortSizes: number[];

  private build(n: number, expected: number): void {
    const t = new Table(expected);
    const { pItem, pPos, pNext } = this;
    for (let ix = 0; ix < this.items.length; ix++) {
      this.hasher.hash(this.items[ix].prompt);
      forEachNgram(this.hasher, n, (k1, k2, start) => {
        const s = t.slot(k1, k2);
        if (t.head[s] === 0) {
          t.k1[s] = k1;
          t.k2[s] = k2;
          t.size++;
          const bit = bitOf(k1, k2);
          t.bits[bit >>> 5] |= 1 << (bit & 31);
        } else if (pItem[t.head[s] - 1] === ix) return; // repeated inside one item
        pItem.push(ix);
        pPos.push(start);
        pNext.push(t.head[s]);
        t.head[s] = pItem.length;
      });
    }
    this.dropCommon(t);
    this.tables.set(n, t);
    this.ngrams[n] = t.size;
  }

  /**
   * Boilerplate: a chain keeps, per benchmark, its first posting, unless the n-gram is in
   * commonItems or more of that benchmark's items (then none of that benchmark's).
   */
  private dropCommon(t: Table): void {
    const { pItem, pNext } = this;
    for (let s = 0; s <= t.mask; s++) {
      if (t.head[s] === 0 || pNext[t.head[s] - 1] === 0) continue; // empty, or one posting: nothing to drop
      const perBenchmark = new Map<number, { first: number; items: number }>();
      for (let p = t.head[s]; p !== 0; p = pNext[p - 1]) {
        const b = this.items[pItem[p - 1]].benchmarkId;
        const e = perBenchmark.get(b);
        if (!e) perBenchmark.set(b, { first: p, items: 1 });
        else {
          e.items++;
          e.first = p; // the chain runs newest first: this ends on the benchmark's first item
        }
      }
      // Chains are newest first: relink the kept postings, oldest (first-read item) first.
      let head = 0;
      const kept = [...perBenchmark.values()].filter((e) => e.items < this.rule.commonItems).map((e) => e.first);
      for (const p of kept.sort((a, b) => b - a)) {
        pNext[p - 1] = head;
        head = p;
      }
      t.head[s] = head;
      if (head === 0) {
        // An emptied slot keeps its key and an empty chain marker is not possible in this
        // table (0 = free), so it points at a sentinel that matches nothing.
        t.head[s] = this.sentinel();
      }
    }
  }

  private sentinelAt = 0;
  private sentinel(): number {
    if (this.sentinelAt === 0) {
      this.pItem.push(-1);
      this.pPos.push(0);
      this.pNext.push(0);
      this.sentinelAt = this.pItem.length;
    }
    return this.sentinelAt;
  }

  private readonly keys = new NgramKeys();

  /**
   * The hits of one prompt: at most one per benchmark (the first n-gram found, longest n
   * first), only for benchmarks in `benchmarks` (all when null).
   */
  check(candidateId: number, prompt: string, benchmarks: Set<number> | null = null): Hit[] {
    const h = this.hasher;
    const count = h.hash(prompt);
    let hits: Hit[] | null = null;
    const sizes = count < this.rule.shortBelow ? this.shortSizes : this.longSizes;
    for (const n of sizes) {
      const t = this.tables.get(n)!;
      const total = ngramKeys(h, n, this.keys);
      const { k1, k2 } = this.keys;
      const { head, mask, bits } = t;
      for (let i = 0; i < total; i++) {
        const a = k1[i];
        const b = k2[i];
        const bit = bitOf(a, b);
        if ((bits[bit >>> 5] & (1 << (bit & 31))) === 0) continue;
        // Inlined Table.slot: this loop is the pass's hot path.
        let s = (a ^ Math.imul(b, 0x9e3779b1)) & mask;
        while (head[s] !== 0 && (t.k1[s] !== a || t.k2[s] !== b)) s = (s + 1) & mask;
        if (head[s] === 0) continue;
        hits = this.confirm(candidateId, prompt, n, i, head[s], benchmarks, hits);
      }
    }
    return hits ?? [];
  }

  /** A key hit: each posting whose benchmark is wanted and not hit yet, confirmed on the words. */
  private confirm(candidateId: number, prompt: string, n: number, start: number, first: number, benchmarks: Set<number> | null, hits: Hit[] | null): Hit[] | null {
    let words: string[] | null = null;
    for (let p = first; p !== 0; p = this.pNext[p - 1]) {
      const ix = this.pItem[p - 1];
      if (ix < 0) continue;
      const item = this.items[ix];
      if (benchmarks && !benchmarks.has(item.benchmarkId)) continue;
      if (hits?.some((x) => x.benchmarkId === item.benchmarkId)) continue;
      // Confirm on the words: a 64-bit key collision must not flag anything.
      words ??= normalWords(prompt);
      const mine = words.slice(start, start + n);
      const theirs = this.words[ix].slice(this.pPos[p - 1], this.pPos[p - 1] + n);
      if (mine.length !== n || mine.some((w, i) => w !== theirs[i])) continue;
      (hits ??= []).push({ candidateId, benchmarkId: item.benchmarkId, benchmarkItemId: item.id, ngram: mine.join(" "), n });
    }
    return hits;
  }
}
