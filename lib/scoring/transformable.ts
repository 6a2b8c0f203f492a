import type { Band } from "./stats";

// When a candidate may be rewritten into a verifiable variant: one pure rule, used by the
// candidate page (whether to show the button, or the variant instead) and by POST
// /api/transforms (which refuses what the page would not offer). Rewriting is for what
// sampling cannot use: no checkable answer (band unverifiable, or a proof-style domain of
// answer kind none, scored or not) or never solved (too hard). One variant per candidate: a
// second rewrite would only add a near-duplicate to score and review.

export interface TransformFacts {
  /** The candidate's current band; null when unscored. */
  band: Band | null;
  /** Its domain's answer kind ("none": proof-style, nothing to check). */
  answerKind: string;
  /** Its existing variants' candidate ids, lowest first. */
  variantIds: readonly number[];
}

export type Transformability =
  | { ok: true }
  | { ok: false; kind: "variant_exists"; variantId: number; reason: string }
  | { ok: false; kind: "not_applicable"; reason: string };

export function transformability(f: TransformFacts): Transformability {
  if (f.variantIds.length) {
    return { ok: false, kind: "variant_exists", variantId: f.variantIds[0], reason: `variant #${f.variantIds[0]} exists` };
  }
  if (f.answerKind === "none" || f.band === "unverifiable" || f.band === "too_hard") return { ok: true };
  return {
    ok: false,
    kind: "not_applicable",
    reason: f.band
      ? `it is ${f.band.replace("_", " ")}: only unverifiable, too hard or proof-style candidates are rewritten`
      : "it is not scored yet: only unverifiable, too hard or proof-style candidates are rewritten",
  };
}
