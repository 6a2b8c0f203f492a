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
import { compareStructures, parseStructure } from "./structure";

// Decides whether two answers are the same mathematical object. The ladder goes cheapest
// first and stops at the first method that applies: identical text → plain numbers (exact
// rationals) → structures (tuples, sets, intervals) → mathjs expressions → text.

export type MathComparison = { equal: boolean; detail: string | null };

const MAX_NESTING = 8;

export function compareMathAnswers(candidate: string, reference: string): MathComparison {
  return compareNormalised(normaliseMathAnswer(candidate), normaliseMathAnswer(reference), 0);
}

function compareNormalised(a: NormalisedAnswer, b: NormalisedAnswer, depth: number): MathComparison {
  if (a.text === b.text && a.percent === b.percent) return { equal: true, detail: "identical after normalisation" };
  const left = unwrapRedundantBrackets(a.text);
  const right = unwrapRedundantBrackets(b.text);
  if (left === right && a.percent === b.percent) return { equal: true, detail: "identical after normalisation" };

  const leftNumber = parseNumericLiteral(left);
  const rightNumber = parseNumericLiteral(right);
  if (leftNumber && rightNumber) return compareLiterals({ ...a, text: left }, leftNumber, { ...b, text: right }, rightNumber);

  const leftStructure = parseStructure(left);
  const rightStructure = parseStructure(right);
  if (leftStructure || rightStructure) {
    if (!leftStructure || !rightStructure || depth >= MAX_NESTING) return { equal: false, detail: null };
    const elementsEqual = (x: string, y: string) =>
      compareNormalised(normaliseMathAnswer(x), normaliseMathAnswer(y), depth + 1).equal;
    return compareStructures(leftStructure, rightStructure, elementsEqual);
  }

  const expression = compareExpressions(left, leftNumber, right, rightNumber);
  if (expression) return expression;

  const squash = (text: string) => text.replace(/\s+/g, "").toLowerCase();
  return squash(left) === squash(right) ? { equal: true, detail: "same text" } : { equal: false, detail: null };
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
