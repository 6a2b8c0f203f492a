// Whether a list answer is ordered (a tuple: "6, 1, -3" ≠ "1, 6, -3") or a set. A list is
// ordered unless the problem asks for a set of things — "find all …", "list all solutions",
// "all possible values" — and does not ask for an order ("in increasing order").

export type ListReading = "ordered" | "set";
export type CompareContext = { prompt?: string | null };

const ASKS_FOR_ALL =
  /\b(?:find|list|enter|give|determine|compute|what\s+are)\s+(?:all|every|each)\b|\ball\s+(?:the\s+)?(?:possible\s+|real\s+|integer\s+|complex\s+|positive\s+|negative\s+|distinct\s+|integral\s+|nonnegative\s+)*(?:solutions?|values?|roots?|zeros?|zeroes|numbers?|pairs?|triples?|integers?|points?|possibilities|answers|[a-z])\b|\bin\s+any\s+order\b|\bset\s+of\s+(?:all\s+)?(?:solutions|values|roots)\b|\bsolutions?\s+set\b/i;
const ASKS_FOR_ORDER = /\b(?:in\s+(?:increasing|decreasing|ascending|descending)\s+order|ordered\s+(?:pair|triple|tuple|list)|in\s+order|in\s+that\s+order|from\s+(?:least|smallest|greatest|largest)\s+to)\b/i;

export function listReading(context: CompareContext | undefined): ListReading {
  const prompt = context?.prompt;
  if (!prompt) return "ordered";
  return ASKS_FOR_ALL.test(prompt) && !ASKS_FOR_ORDER.test(prompt) ? "set" : "ordered";
}

const TIME_WORDS = /\b(?:time|clock|o'clock|a\.?m\.?|p\.?m\.?|noon|midnight)\b/i;

/** "5:12" as a ratio (10:24 too) or as a time of day (only 5:12). */
export function colonReading(context: CompareContext | undefined): "ratio" | "time" {
  const prompt = context?.prompt ?? "";
  return TIME_WORDS.test(prompt) && !/\bratio|proportion/i.test(prompt) ? "time" : "ratio";
}
