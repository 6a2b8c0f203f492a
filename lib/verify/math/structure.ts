import { isSingleGroup, splitTopLevel } from "./latex-groups";

// Answers with more than one value: tuples and intervals "(1, 2)" "[0, 9)", sets "⦃1, 2⦄"
// (normalised from \{1, 2\}), unions "(-\infty, 1) ∪ (2, \infty)", and bare lists "1, 2"
// (MATH's "enter all solutions, separated by commas"). Elements are compared by the caller's
// element comparer, so "⦃\frac12, 3⦄" = "⦃3, 0.5⦄".

export type Sequence = { type: "sequence"; open: "(" | "["; close: ")" | "]"; items: string[] };
export type AnswerStructure =
  | Sequence // tuple, interval, vector: ordered, brackets matter
  | { type: "set"; items: string[]; bare: boolean } // order-free; `bare`: a list with no braces
  | { type: "union"; parts: AnswerStructure[] };

export type ElementsEqual = (a: string, b: string) => boolean;
export type StructureComparison = { equal: boolean; detail: string };

const EMPTY_SET = /^(?:⦃\s*⦄|\\emptyset|\\varnothing|∅)$/;

export function parseStructure(text: string): AnswerStructure | null {
  const unionParts = splitTopLevel(text, "∪");
  if (unionParts.length > 1) {
    const parts = unionParts.map((part) => parseStructure(part.trim()));
    if (parts.some((part) => part === null || (part.type === "set" && part.bare))) return null;
    return { type: "union", parts: parts as AnswerStructure[] };
  }
  if (EMPTY_SET.test(text)) return { type: "set", items: [], bare: false };
  const first = text[0];
  if ((first === "⦃" || first === "{") && isSingleGroup(text)) {
    const items = splitItems(text.slice(1, -1));
    // A plain {…} without commas is LaTeX grouping, not a one-element set.
    return first === "⦃" || items.length > 1 ? { type: "set", items, bare: false } : null;
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
  return items.length > 1 ? { type: "set", items, bare: true } : null;
}

function splitItems(inner: string): string[] {
  if (inner.trim() === "") return [];
  return splitTopLevel(inner, ",").map((item) => item.trim());
}

export function compareStructures(a: AnswerStructure, b: AnswerStructure, same: ElementsEqual): StructureComparison {
  if (a.type === "sequence" && b.type === "sequence") return compareSequences(a, b, same);
  // A bare list for a tuple: the parentheses were left off ("1, 2" for "(1, 2)").
  const bareVsTuple = (x: AnswerStructure, y: AnswerStructure) =>
    x.type === "set" && x.bare && y.type === "sequence" && y.open === "(" && y.close === ")";
  if (bareVsTuple(a, b) || bareVsTuple(b, a)) {
    const [items, other] = a.type === "set" ? [a.items, b as Sequence] : [(b as { items: string[] }).items, a as Sequence];
    return orderedItemsEqual(items, other.items, same)
      ? { equal: true, detail: "equal as tuples (parentheses omitted)" }
      : { equal: false, detail: "tuple elements differ" };
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
  return a.every((x) => b.some((y) => same(x, y))) && b.every((y) => a.some((x) => same(x, y)));
}
