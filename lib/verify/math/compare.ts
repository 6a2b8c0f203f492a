import { BudgetExceeded, pathological, withBudget } from "./budget";
import { compareColonForms, parseColonForm } from "./colon";
import { compileExpression, constantExpression, expressionsEqual } from "./expression";
import { isSingleGroup } from "./latex-groups";
import { normaliseMathAnswer, type NormalisedAnswer } from "./normalise";
import {
  divideByHundred,
  isTerminating,
  literalToNumber,
  numbersClose,
  parseNumericLiteral,
  rationalsEqual,
  type NumericLiteral,
} from "./numeric";
import { listReading, type CompareContext, type ListReading } from "./reading";
import { equationSides, equationsEquivalent } from "./relations";
import { compareStructures, parseStructure, type AnswerStructure } from "./structure";

// Decides whether two answers are the same mathematical object. The ladder goes cheapest
// first and stops at the first method that applies: identical text → plain numbers (exact
// rationals) → ratios and times → named values → equations → structures (tuples, sets,
// intervals, inequalities, alternatives) → mathjs expressions → text. Every step runs under
// a time budget (budget.ts): a check that runs out is undecided, never a hang.

export type MathComparison = { equal: boolean; detail: string | null; undecided?: boolean };
export type { CompareContext } from "./reading";

const MAX_NESTING = 8;

export function compareMathAnswers(candidate: string, reference: string, context?: CompareContext): MathComparison {
  const tooBig = pathological(candidate) ?? pathological(reference);
  if (tooBig) return { equal: false, detail: `undecided: ${tooBig}`, undecided: true };
  const reading = listReading(context);
  try {
    return withBudget(() => compareNormalised(normaliseMathAnswer(candidate), normaliseMathAnswer(reference), 0, { reading, context }));
  } catch (error) {
    if (error instanceof BudgetExceeded || error instanceof RangeError) {
      return { equal: false, detail: `undecided: ${error instanceof RangeError ? "too deeply nested" : error.message}`, undecided: true };
    }
    throw error;
  }
}

type Ladder = { reading: ListReading; context: CompareContext | undefined };

function compareNormalised(a: NormalisedAnswer, b: NormalisedAnswer, depth: number, ladder: Ladder): MathComparison {
  if (a.text === b.text && a.percent === b.percent && sameNames(a, b)) return { equal: true, detail: "identical after normalisation" };
  const left = unwrapRedundantBrackets(a.text);
  const right = unwrapRedundantBrackets(b.text);
  if (left === right && a.percent === b.percent && sameNames(a, b)) return { equal: true, detail: "identical after normalisation" };

  const leftNumber = parseNumericLiteral(left);
  const rightNumber = parseNumericLiteral(right);
  if (leftNumber && rightNumber) return compareLiterals({ ...a, text: left }, leftNumber, { ...b, text: right }, rightNumber);

  const leftColon = parseColonForm(left);
  const rightColon = parseColonForm(right);
  if (leftColon || rightColon) return compareColonForms(leftColon ?? leftNumber, rightColon ?? rightNumber, ladder.context);

  const equation = compareEquations(a, b);
  if (equation) return equation;

  // "100,000" is a number, not the list 100, 000.
  const leftStructure = leftNumber ? null : structureOf(a, left);
  const rightStructure = rightNumber ? null : structureOf(b, right);
  if (leftStructure || rightStructure) {
    if (!leftStructure || !rightStructure || depth >= MAX_NESTING) return { equal: false, detail: null };
    const elementsEqual = (x: string, y: string) =>
      compareNormalised(normaliseMathAnswer(x), normaliseMathAnswer(y), depth + 1, ladder).equal;
    const [l, r] = alignNames(a, leftStructure, b, rightStructure);
    return compareStructures(l, r, elementsEqual, ladder.reading);
  }

  const expression = compareExpressions(left, leftNumber, right, rightNumber);
  if (expression) return expression;

  const squash = (text: string) => text.replace(/\s+/g, "").toLowerCase();
  return squash(left) === squash(right) ? { equal: true, detail: "same text" } : { equal: false, detail: null };
}

const sameNames = (a: NormalisedAnswer, b: NormalisedAnswer) => (a.names ?? []).join() === (b.names ?? []).join();

/** A named list ("PQ=7, RS=2") is the list of its values; one name repeated ("x=2, x=5") is a set of them. */
function structureOf(answer: NormalisedAnswer, text: string): AnswerStructure | null {
  const { names } = answer;
  if (names && names.length > 1 && names.every((n) => n === names[0])) {
    const items = parseStructure(text);
    return items && items.type === "set" ? { ...items, origin: "same-name" } : items;
  }
  return parseStructure(text);
}

/** Two named lists with the same names in another order ("b=1, a=2" vs "a=2, b=1"): compare by name. */
function alignNames(a: NormalisedAnswer, l: AnswerStructure, b: NormalisedAnswer, r: AnswerStructure): [AnswerStructure, AnswerStructure] {
  if (!a.names || !b.names || l.type !== "set" || r.type !== "set" || l.origin !== "list" || r.origin !== "list") return [l, r];
  const sorted = (names: string[]) => [...names].sort().join();
  if (new Set(a.names).size !== a.names.length || sorted(a.names) !== sorted(b.names)) return [l, r];
  const byName = new Map(b.names.map((name, index) => [name, r.items[index]]));
  return [l, { ...r, items: a.names.map((name) => byName.get(name) ?? "") }];
}

/**
 * "3x-6y+2=0" vs "y=\frac12x+\frac13": the same equation rearranged and scaled. A named value
 * ("y = …", whose name normalisation set aside) is an equation again when the other side is one.
 */
function compareEquations(a: NormalisedAnswer, b: NormalisedAnswer): MathComparison | null {
  const asEquation = (x: NormalisedAnswer) =>
    equationSides(x.text) ?? (x.name && /^[a-zA-Z](?:_\w+)?$/.test(x.name) ? ([x.name, x.text] as [string, string]) : null);
  if (!equationSides(a.text) && !equationSides(b.text)) return null;
  const left = asEquation(a);
  const right = asEquation(b);
  if (!left || !right) return { equal: false, detail: "an equation against a value" };
  const equivalent = equationsEquivalent(left, right);
  if (equivalent === null) return null;
  return equivalent
    ? { equal: true, detail: "equal as equations (one is the other rearranged and scaled)" }
    : { equal: false, detail: "different equations" };
}

/** "(5)" → "5": brackets around a single value add nothing. "(1, 2)" is left alone. */
function unwrapRedundantBrackets(text: string): string {
  let result = text;
  while ((result[0] === "(" || result[0] === "[" || result[0] === "{") && isSingleGroup(result)) {
    const inner = result.slice(1, -1).trim();
    if (inner.includes(",")) break;
    result = inner;
  }
  return result;
}

function compareLiterals(a: NormalisedAnswer, x: NumericLiteral, b: NormalisedAnswer, y: NumericLiteral): MathComparison {
  const shown = `${a.text}${a.percent ? "%" : ""} = ${b.text}${b.percent ? "%" : ""}`;
  if (x.kind === "infinity" || y.kind === "infinity") {
    const equal = x.kind === "infinity" && y.kind === "infinity" && x.sign === y.sign;
    return { equal, detail: equal ? "both infinite" : null };
  }
  const fraction = [x.form, y.form].some((form) => form === "fraction" || form === "mixed number");
  const kind = fraction ? "fractions" : "numbers";
  // A percent may be read as its number (28% for 28) or as a ratio (28% for 0.28).
  const readings: [typeof x.value, typeof y.value, string][] = [[x.value, y.value, `equal as ${kind}: ${shown}`]];
  if (a.percent !== b.percent) {
    const scaled = a.percent ? [divideByHundred(x.value), y.value] : [x.value, divideByHundred(y.value)];
    readings.push([scaled[0], scaled[1], `equal as percent: ${shown}`]);
  }
  for (const [left, right, detail] of readings) {
    if (rationalsEqual(left, right)) return { equal: true, detail };
    // Exact values that differ are different; a repeating fraction may meet a rounded decimal.
    if (!(isTerminating(left) && isTerminating(right))) {
      const close = numbersClose(Number(left.num) / Number(left.den), Number(right.num) / Number(right.den));
      if (close) return { equal: true, detail: `${detail} (within 1e-6)` };
    }
  }
  return { equal: false, detail: null };
}

function compareExpressions(
  left: string,
  leftNumber: NumericLiteral | null,
  right: string,
  rightNumber: NumericLiteral | null,
): MathComparison | null {
  // A literal against an expression ("0.8660254" vs "\frac{\sqrt3}{2}"): compare values.
  // The literal goes in by value, since its text may not be mathjs-readable ("2 1/2").
  const asExpression = (text: string, literal: NumericLiteral | null) =>
    literal ? constantExpression(literalToNumber(literal)) : compileExpression(text);
  const a = asExpression(left, leftNumber);
  const b = asExpression(right, rightNumber);
  if (!a || !b) return null;
  const { equal, points } = expressionsEqual(a, b);
  if (!equal) return { equal, detail: null };
  const where = a.variables.length + b.variables.length === 0 ? "in value" : `at ${points} sample points`;
  const tolerance = leftNumber || rightNumber ? " (within 1e-6)" : "";
  return { equal, detail: `equal as expressions ${where}${tolerance}` };
}
