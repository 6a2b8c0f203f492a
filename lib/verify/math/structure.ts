import { spend } from "./budget";
import { isSingleGroup, splitTopLevel } from "./latex-groups";
import type { ListReading } from "./reading";
import { inequalityAsIntervals } from "./relations";

// Answers with more than one value: tuples and intervals "(1, 2)" "[0, 9)", sets "⦃1, 2⦄"
// (normalised from \{1, 2\}), unions "(-\infty, 1) ∪ (2, \infty)", bare lists "1, 2",
// joined alternatives "3; 5; 9", "2 and 11", "(2,9) or (9,2)", "\pm 7", and inequalities as
// the intervals they describe. Elements are compared by the caller's element comparer, so
// "⦃\frac12, 3⦄" = "⦃3, 0.5⦄".

export type Sequence = { type: "sequence"; open: "(" | "["; close: ")" | "]"; items: string[] };
/**
 * Order-free, except `list`: a bare comma list ("6, 1, -3"), which is ordered unless the
 * problem asks for a set (reading.ts). `braces` \{…\}, `joined` by ";"/"and"/"or", `plus-minus`
 * from \pm, `same-name` "x = 2, x = 5".
 */
export type SetOrigin = "braces" | "list" | "joined" | "plus-minus" | "same-name";
export type AnswerStructure =
  | Sequence // tuple, interval, vector: ordered, brackets matter
  | { type: "set"; items: string[]; origin: SetOrigin }
  | { type: "union"; parts: AnswerStructure[] };

export type ElementsEqual = (a: string, b: string) => boolean;
export type StructureComparison = { equal: boolean; detail: string };

const EMPTY_SET = /^(?:⦃\s*⦄|\\emptyset|\\varnothing|∅|\{\s*\})$/;
// Words and marks joining the members of one answer: "3; 5; 9", "2 and 11", "(2,9) or (9,2)".
const JOINER = /\s*;\s*|\s+(?:and|or)\s+|,\s*(?:and|or)\s+/;
const MAX_PLUS_MINUS = 3;

export function parseStructure(text: string): AnswerStructure | null {
  const unionParts = splitTopLevel(text, "∪");
  if (unionParts.length > 1) {
    const parts = unionParts.map((part) => parseStructure(part.trim()));
    if (parts.some((part) => part === null || (part.type === "set" && part.origin === "list"))) return null;
    return { type: "union", parts: parts as AnswerStructure[] };
  }
  if (EMPTY_SET.test(text)) return { type: "set", items: [], origin: "braces" };
  const joined = splitJoined(text);
  if (joined) {
    const relations = joined.map(inequalityAsIntervals);
    // "x < -1 or x > 2" is the union of what each side allows.
    if (relations.every((r) => r !== null)) return { type: "union", parts: relations as AnswerStructure[] };
    return { type: "set", items: joined, origin: "joined" };
  }
  const plusMinus = expandPlusMinus(text);
  if (plusMinus) return { type: "set", items: plusMinus, origin: "plus-minus" };
  const first = text[0];
  if ((first === "⦃" || first === "{") && isSingleGroup(text)) {
    const items = splitItems(text.slice(1, -1));
    // A plain {…} without commas is LaTeX grouping, not a one-element set.
    return first === "⦃" || items.length > 1 ? { type: "set", items, origin: "braces" } : null;
  }
  if ((first === "(" || first === "[" || first === "⟨") && isSingleGroup(text)) {
    const items = splitItems(text.slice(1, -1));
    if (items.length < 2) return null;
    const last = text[text.length - 1];
    if (first === "⟨") return { type: "sequence", open: "(", close: ")", items };
    if (last !== ")" && last !== "]") return null;
    return { type: "sequence", open: first, close: last, items };
  }
  const items = splitItems(text);
  if (items.length > 1) return { type: "set", items, origin: "list" };
  return inequalityAsIntervals(text);
}

function splitItems(inner: string): string[] {
  if (inner.trim() === "") return [];
  return splitTopLevel(inner, ",").map((item) => item.trim());
}

/** Members joined by ";", "and", "or" at the top level; null when there is no such joiner. */
function splitJoined(text: string): string[] | null {
  if (!/;|\band\b|\bor\b/.test(text)) return null;
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if ("([{⦃⟨".includes(ch)) depth++;
    else if (")]}⦄⟩".includes(ch)) depth--;
    else if (depth === 0) {
      const joiner = JOINER.exec(text.slice(i, i + 8));
      if (joiner && joiner.index === 0) {
        parts.push(text.slice(start, i));
        start = i + joiner[0].length;
        i = start - 1;
      }
    }
  }
  parts.push(text.slice(start));
  const items = parts.flatMap((part) => splitTopLevel(part, ",")).map((item) => item.trim()).filter((item) => item !== "");
  return parts.length > 1 && items.length > 1 ? items : null;
}

/** "\pm 7" → ["+7", "-7"]; "1 \pm \sqrt2" → ["1 + \sqrt2", "1 - \sqrt2"]. Null without \pm. */
function expandPlusMinus(text: string): string[] | null {
  if (!/\\(?:pm|mp)(?![a-zA-Z])|±|∓/.test(text)) return null;
  let variants = [text];
  for (let round = 0; round < MAX_PLUS_MINUS; round++) {
    const next: string[] = [];
    for (const variant of variants) {
      const at = /\\(?:pm|mp)(?![a-zA-Z])|±|∓/.exec(variant);
      if (!at) return variants;
      const before = variant.slice(0, at.index);
      const after = variant.slice(at.index + at[0].length);
      const mp = at[0] === "\\mp" || at[0] === "∓";
      next.push(`${before}${mp ? "-" : "+"}${after}`, `${before}${mp ? "+" : "-"}${after}`);
    }
    variants = next;
  }
  return variants;
}

const READING_NOTE: Record<ListReading, string> = {
  ordered: "read as ordered lists: the problem does not ask for a set",
  set: "read as sets: the problem asks for all of them",
};

export function compareStructures(a: AnswerStructure, b: AnswerStructure, same: ElementsEqual, reading: ListReading): StructureComparison {
  if (a.type === "sequence" && b.type === "sequence") return compareSequences(a, b, same);
  const isList = (x: AnswerStructure) => x.type === "set" && x.origin === "list";
  const isTuple = (x: AnswerStructure) => x.type === "sequence" && x.open === "(" && x.close === ")";
  // Two bare lists, or a bare list for a tuple ("1, 2" for "(1, 2)": the parentheses left off).
  if ((isList(a) && (isList(b) || isTuple(b))) || (isList(b) && isTuple(a))) {
    const [x, y] = [a, b].map((s) => (s as { items: string[] }).items);
    if (reading === "set") {
      return sameMembers(x, y, same)
        ? { equal: true, detail: `equal as sets (${READING_NOTE.set})` }
        : { equal: false, detail: `set elements differ (${READING_NOTE.set})` };
    }
    if (orderedItemsEqual(x, y, same)) return { equal: true, detail: `equal as ordered lists (${READING_NOTE.ordered})` };
    const sameAsSet = x.length === y.length && sameMembers(x, y, same);
    return { equal: false, detail: sameAsSet ? `same elements in another order (${READING_NOTE.ordered})` : "list elements differ" };
  }
  const left = toPieces(a);
  const right = toPieces(b);
  if (left.intervals.length !== right.intervals.length) return { equal: false, detail: "different numbers of intervals" };
  if (!sameMembers(left.intervals, right.intervals, (x, y) => compareSequences(x, y, same).equal))
    return { equal: false, detail: left.intervals.length ? "intervals differ" : "tuples differ" };
  if (!sameMembers(left.points, right.points, same)) return { equal: false, detail: "set elements differ" };
  return { equal: true, detail: left.intervals.length ? "equal as unions of intervals" : "equal as sets" };
}

function compareSequences(a: Sequence, b: Sequence, same: ElementsEqual): StructureComparison {
  if (!orderedItemsEqual(a.items, b.items, same)) {
    return { equal: false, detail: a.items.length === b.items.length ? "elements differ" : "different lengths" };
  }
  if (a.open !== b.open || a.close !== b.close) {
    const show = (s: Sequence) => `${s.open}${s.items.join(",")}${s.close}`;
    return { equal: false, detail: `interval ends differ: ${show(a)} vs ${show(b)}` };
  }
  const isInterval = a.open === "[" || a.close === "]";
  return { equal: true, detail: isInterval ? "equal as intervals" : "equal as tuples" };
}

function orderedItemsEqual(a: string[], b: string[], same: ElementsEqual): boolean {
  return a.length === b.length && a.every((item, index) => same(item, b[index]));
}

/** A set, interval or union as what it covers: interval pieces plus single points. */
function toPieces(structure: AnswerStructure): { intervals: Sequence[]; points: string[] } {
  if (structure.type === "sequence") return { intervals: [structure], points: [] };
  if (structure.type === "set") return { intervals: [], points: structure.items };
  const pieces = structure.parts.map(toPieces);
  return { intervals: pieces.flatMap((p) => p.intervals), points: pieces.flatMap((p) => p.points) };
}

/** Set equality under an equivalence that is not hashable: every member has a match. */
function sameMembers<T>(a: T[], b: T[], same: (x: T, y: T) => boolean): boolean {
  // Fast path, so big sets written the same way are not compared pair by pair.
  if (a.every((x) => typeof x === "string") && b.every((y) => typeof y === "string")) {
    const key = (items: T[]) => [...new Set(items as string[])].sort().join("\u0000");
    if (key(a) === key(b)) return true;
  }
  const matches = (x: T, ys: T[]) =>
    ys.some((y) => {
      spend();
      return same(x, y);
    });
  return a.every((x) => matches(x, b)) && b.every((y) => matches(y, a));
}
