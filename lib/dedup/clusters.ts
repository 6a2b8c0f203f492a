// Near-duplicate clusters: union-find over a domain's confirmed pairs (pure; recluster.ts
// reads and writes them). Each cluster's representative is the member with a reference answer
// that was imported first (lowest id), else the first imported; every other member is flagged.

export interface ScoredPair {
  a: number;
  b: number;
  similarity: number;
}

export class UnionFind {
  private parent = new Map<number, number>();
  find(x: number): number {
    let root = x;
    for (let p = this.parent.get(root); p !== undefined && p !== root; p = this.parent.get(root)) root = p;
    // Path compression: later finds are one hop.
    for (let y = x; y !== root; ) {
      const next = this.parent.get(y)!;
      this.parent.set(y, root);
      y = next;
    }
    if (!this.parent.has(x)) this.parent.set(x, x);
    return root;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    // The lower id becomes the root: deterministic, whatever the pair order.
    if (ra !== rb) this.parent.set(Math.max(ra, rb), Math.min(ra, rb));
  }
  groups(): number[][] {
    const by = new Map<number, number[]>();
    for (const x of this.parent.keys()) {
      const r = this.find(x);
      let g = by.get(r);
      if (!g) by.set(r, (g = []));
      g.push(x);
    }
    return [...by.values()].map((g) => g.sort((x, y) => x - y));
  }
}

/** Clusters of two or more members, each sorted by id. */
export function clustersOf(pairs: readonly ScoredPair[]): number[][] {
  const uf = new UnionFind();
  for (const p of pairs) uf.union(p.a, p.b);
  return uf.groups().filter((g) => g.length > 1);
}

/** The representative: the first imported member with a reference answer, else the first imported. */
export function representativeOf(members: readonly number[], hasAnswer: (id: number) => boolean): number {
  const sorted = [...members].sort((x, y) => x - y);
  return sorted.find(hasAnswer) ?? sorted[0];
}

export const pairKey = (a: number, b: number) => (a < b ? `${a}:${b}` : `${b}:${a}`);
