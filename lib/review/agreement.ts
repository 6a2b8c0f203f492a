// Inter-rater agreement (pure; docs/decisions/0017). Labels are any strings (here accept/reject).
//   Cohen's κ (two raters):  κ = (p_o − p_e) / (1 − p_e), p_o = share of items they agree on,
//                             p_e = Σ_k p_a(k)·p_b(k) from each rater's own label shares.
//   Fleiss' κ (n raters):    per item P_i = Σ_k n_ik(n_ik − 1) / (n_i(n_i − 1)); P̄ = mean P_i;
//                             p_k = Σ_i n_ik / Σ_i n_i; P̄_e = Σ_k p_k²; κ = (P̄ − P̄_e) / (1 − P̄_e).
//                             Items with fewer than two ratings carry no agreement and are left
//                             out; a varying n_i is allowed (with a constant n it is Fleiss 1971).
// κ is null when it is undefined: no items, or chance agreement is 1 (every rating the same
// label — perfect agreement that says nothing about the raters).
// Below MIN_OVERLAP items a κ is shown with "not enough overlap" (enough: false).

export const MIN_OVERLAP = 10;

export const enoughOverlap = (items: number) => items >= MIN_OVERLAP;

/** Cohen's κ over the items two raters both labelled: one [a's label, b's label] per item. */
export function cohenKappa(pairs: readonly (readonly [string, string])[]): number | null {
  const n = pairs.length;
  if (n === 0) return null;
  const a = new Map<string, number>();
  const b = new Map<string, number>();
  let agree = 0;
  for (const [x, y] of pairs) {
    if (x === y) agree++;
    a.set(x, (a.get(x) ?? 0) + 1);
    b.set(y, (b.get(y) ?? 0) + 1);
  }
  const po = agree / n;
  let pe = 0;
  for (const [k, na] of a) pe += (na / n) * ((b.get(k) ?? 0) / n);
  return pe >= 1 ? null : (po - pe) / (1 - pe);
}

/** Fleiss' κ: each item's list of labels (one per rater); items with fewer than 2 are skipped. */
export function fleissKappa(items: readonly (readonly string[])[]): { kappa: number | null; items: number } {
  const rated = items.filter((r) => r.length >= 2);
  if (!rated.length) return { kappa: null, items: 0 };
  const totals = new Map<string, number>();
  let ratings = 0;
  let sumP = 0;
  for (const labels of rated) {
    const counts = new Map<string, number>();
    for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
    let same = 0;
    for (const [k, c] of counts) {
      same += c * (c - 1);
      totals.set(k, (totals.get(k) ?? 0) + c);
    }
    sumP += same / (labels.length * (labels.length - 1));
    ratings += labels.length;
  }
  const pBar = sumP / rated.length;
  let pe = 0;
  for (const c of totals.values()) pe += (c / ratings) ** 2;
  return { kappa: pe >= 1 ? null : (pBar - pe) / (1 - pe), items: rated.length };
}

export interface Rating {
  candidateId: number;
  reviewer: string;
  label: string;
}

export interface PairAgreement {
  a: string;
  b: string;
  kappa: number | null;
  items: number;
  enough: boolean;
}

/** Cohen's κ of every pair of reviewers over the items both rated (pairs with no overlap left out). */
export function pairAgreements(ratings: readonly Rating[]): PairAgreement[] {
  const byItem = groupByItem(ratings);
  const shared = new Map<string, { a: string; b: string; pairs: [string, string][] }>();
  for (const list of byItem.values()) {
    const sorted = [...list].sort((x, y) => (x.reviewer < y.reviewer ? -1 : x.reviewer > y.reviewer ? 1 : 0));
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length; j++) {
        const key = `${sorted[i].reviewer}\u0000${sorted[j].reviewer}`;
        let p = shared.get(key);
        if (!p) shared.set(key, (p = { a: sorted[i].reviewer, b: sorted[j].reviewer, pairs: [] }));
        p.pairs.push([sorted[i].label, sorted[j].label]);
      }
    }
  }
  return [...shared.values()]
    .map((p) => ({ a: p.a, b: p.b, kappa: cohenKappa(p.pairs), items: p.pairs.length, enough: enoughOverlap(p.pairs.length) }))
    .sort((x, y) => y.items - x.items || (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : 1));
}

/**
 * A domain's κ. With two reviewers per item it is Cohen's, rater 1 = each item's first decision
 * and rater 2 its second (reviewers differ from item to item, the usual reading of "two raters
 * per item"); otherwise Fleiss'. `items` counts the items with at least two ratings.
 */
export function domainAgreement(ratings: readonly Rating[], reviewersPerItem: number) {
  const lists = [...groupByItem(ratings).values()].map((l) => l.map((r) => r.label));
  if (reviewersPerItem === 2) {
    const pairs = lists.filter((l) => l.length >= 2).map((l) => [l[0], l[1]] as [string, string]);
    return { kind: "cohen" as const, kappa: cohenKappa(pairs), items: pairs.length, enough: enoughOverlap(pairs.length) };
  }
  const f = fleissKappa(lists);
  return { kind: "fleiss" as const, kappa: f.kappa, items: f.items, enough: enoughOverlap(f.items) };
}

/** Ratings grouped by item, in the order given (callers pass them in decision order). */
function groupByItem(ratings: readonly Rating[]): Map<number, Rating[]> {
  const m = new Map<number, Rating[]>();
  for (const r of ratings) {
    const l = m.get(r.candidateId);
    if (l) l.push(r);
    else m.set(r.candidateId, [r]);
  }
  return m;
}
