// A time budget per check. Comparing is synchronous and cannot be interrupted, so the
// comparer calls spend() at every step that can repeat (structure elements, sample points);
// past the deadline spend() throws, and compareMathAnswers reports the check as undecided.
// Inputs that are pathological on their face (giant, deeply nested) are refused up front.

export class BudgetExceeded extends Error {}

/** Wall-clock budget of one comparison; generous next to a typical 5–50 µs check, and to a cold start on a busy machine. */
export const CHECK_BUDGET_MS = 500;
export const MAX_ANSWER_CHARS = 5_000;
export const MAX_NESTING_DEPTH = 60;

let deadline = Infinity;
let steps = 0;

/** Runs fn under a fresh budget (nested calls share the outer one). */
export function withBudget<T>(fn: () => T, budgetMs = CHECK_BUDGET_MS): T {
  if (deadline !== Infinity) return fn();
  deadline = performance.now() + budgetMs;
  steps = 0;
  try {
    return fn();
  } finally {
    deadline = Infinity;
  }
}

/** One unit of work; every 16th looks at the clock (performance.now() is not free). */
export function spend(): void {
  if ((++steps & 15) === 0 && performance.now() > deadline) throw new BudgetExceeded("time budget exceeded");
}

/** Why an answer is too big to compare at all, or null. */
export function pathological(text: string): string | null {
  if (text.length > MAX_ANSWER_CHARS) return `answer longer than ${MAX_ANSWER_CHARS.toLocaleString("en")} characters`;
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "{" || ch === "(" || ch === "[") deepest = Math.max(deepest, ++depth);
    else if (ch === "}" || ch === ")" || ch === "]") depth--;
  }
  return deepest > MAX_NESTING_DEPTH ? `brackets nested deeper than ${MAX_NESTING_DEPTH}` : null;
}
