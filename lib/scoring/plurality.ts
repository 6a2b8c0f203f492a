import { compareMathAnswers, normaliseExactAnswer } from "@/lib/verify";

// The teacher's plurality answer: the most common of k_t answers, with answers compared the
// way the domain's verifier compares them ("1/2" and "0.5" are one vote in math). Its share
// of all k_t answers — unanswered ones count against it — decides whether it is trusted as
// a proxy reference.

export type SameAnswer = (a: string, b: string) => boolean;

export interface Plurality {
  answer: string;
  votes: number;
  /** votes / all answers given, including those with nothing extractable. */
  share: number;
}

export function sameAnswer(kind: "math" | "mcq" | "exact" | "code" | "none"): SameAnswer {
  switch (kind) {
    case "math":
      return (a, b) => a === b || compareMathAnswers(a, b).equal;
    case "mcq":
      return (a, b) => a.trim().toUpperCase() === b.trim().toUpperCase();
    default:
      return (a, b) => normaliseExactAnswer(a) === normaliseExactAnswer(b);
  }
}

/**
 * Null when no answer could be extracted at all. Ties go to the answer seen first, so the
 * result depends only on the sample order (stable across retries: samples are read in index
 * order).
 */
export function plurality(answers: readonly (string | null)[], same: SameAnswer = sameAnswer("exact")): Plurality | null {
  const groups: { answer: string; votes: number }[] = [];
  for (const a of answers) {
    if (a === null || a.trim() === "") continue;
    const group = groups.find((g) => same(g.answer, a));
    if (group) group.votes++;
    else groups.push({ answer: a, votes: 1 });
  }
  let best: { answer: string; votes: number } | null = null;
  for (const g of groups) if (!best || g.votes > best.votes) best = g;
  return best ? { answer: best.answer, votes: best.votes, share: best.votes / answers.length } : null;
}
