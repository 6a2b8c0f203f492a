import { compileExpression, proportionalAt, type CompiledExpression } from "./expression";
import { splitTopLevel } from "./latex-groups";
import { parseNumericLiteral } from "./numeric";
import type { AnswerStructure, Sequence } from "./structure";

// Answers that are relations: an inequality in one variable is the set it describes
// ("y \geq -3" = "-3 \leq y" = "[-3, \infty)", "-1 < h(x) < 4" = "(-1, 4)"), and an equation
// is the same equation after rearranging and scaling ("3x - 6y + 2 = 0" = "y = \frac12x + \frac13").

const RELATION = /\\leqslant(?![a-zA-Z])|\\geqslant(?![a-zA-Z])|\\leq(?![a-zA-Z])|\\geq(?![a-zA-Z])|\\le(?![a-zA-Z])|\\ge(?![a-zA-Z])|\\lt(?![a-zA-Z])|\\gt(?![a-zA-Z])|\\neq(?![a-zA-Z])|\\ne(?![a-zA-Z])|<=|>=|≤|≥|≠|<|>/g;

type Op = "<" | "<=" | ">" | ">=" | "!=";

function opOf(token: string): Op {
  if (/^(?:\\leqslant|\\leq|\\le|<=|≤)$/.test(token)) return "<=";
  if (/^(?:\\geqslant|\\geq|\\ge|>=|≥)$/.test(token)) return ">=";
  if (/^(?:\\neq|\\ne|≠)$/.test(token)) return "!=";
  return token === "<" || token === "\\lt" ? "<" : ">";
}

const FLIP: Record<Op, Op> = { "<": ">", "<=": ">=", ">": "<", ">=": "<=", "!=": "!=" };

function isConstant(side: string): boolean {
  if (parseNumericLiteral(side)) return true;
  const compiled = compileExpression(side);
  return compiled !== null && compiled.variables.length === 0;
}

const interval = (open: "(" | "[", low: string, high: string, close: ")" | "]"): Sequence => ({
  type: "sequence", open, close, items: [low, high],
});

/** `X op c` as the set of X it allows. */
function rayOf(op: Op, c: string): AnswerStructure {
  switch (op) {
    case "<": return interval("(", "-\\infty", c, ")");
    case "<=": return interval("(", "-\\infty", c, "]");
    case ">": return interval("(", c, "\\infty", ")");
    case ">=": return interval("[", c, "\\infty", ")");
    case "!=": return { type: "union", parts: [interval("(", "-\\infty", c, ")"), interval("(", c, "\\infty", ")")] };
  }
}

/**
 * An inequality in one unknown as intervals: "y \geq -3" → [-3, ∞), "-1 < h(x) < 4" → (-1, 4).
 * Null when the text is not such an inequality (no relation, two unknowns, nested relations).
 */
export function inequalityAsIntervals(text: string): AnswerStructure | null {
  if (!/[<>≤≥≠]|\\(?:le|ge|lt|gt|ne)/.test(text)) return null;
  RELATION.lastIndex = 0;
  const tokens = text.match(RELATION);
  if (!tokens || tokens.length > 2) return null;
  const sides = text.split(RELATION).map((s) => s.trim());
  if (sides.some((s) => s === "" || splitTopLevel(s, ",").length > 1)) return null;
  const ops = tokens.map(opOf);
  if (sides.length === 2) {
    const [left, right] = sides.map(isConstant);
    if (left === right) return null;
    return left ? rayOf(FLIP[ops[0]], sides[0]) : rayOf(ops[0], sides[1]);
  }
  if (!isConstant(sides[0]) || isConstant(sides[1]) || !isConstant(sides[2]) || ops.includes("!=")) return null;
  const ascending = ops.every((op) => op === "<" || op === "<=");
  const descending = ops.every((op) => op === ">" || op === ">=");
  if (!ascending && !descending) return null;
  const [lowOp, highOp, low, high] = ascending ? [ops[0], ops[1], sides[0], sides[2]] : [ops[1], ops[0], sides[2], sides[0]];
  const strict = (op: Op) => op === "<" || op === ">";
  return interval(strict(lowOp) ? "(" : "[", low, high, strict(highOp) ? ")" : "]");
}

/** "L = R" as its two sides; null when the text is not one equation. */
export function equationSides(text: string): [string, string] | null {
  // "x = 1 or x = -4", "a = 1, b = 2" are lists of values, not one equation.
  if (!text.includes("=") || /\bor\b|\band\b|;|,/.test(text)) return null;
  const sides = splitTopLevel(text, "=");
  if (sides.length !== 2 || sides.some((s) => s.trim() === "" || /[<>!\\]$/.test(s.trim()))) return null;
  return [sides[0].trim(), sides[1].trim()];
}

/** Equal up to rearranging and scaling: L1 - R1 = c·(L2 - R2) for one constant c ≠ 0. */
export function equationsEquivalent(a: [string, string], b: [string, string]): boolean | null {
  const compiled = [...a, ...b].map(compileExpression);
  if (compiled.some((c) => c === null)) return null;
  const [l1, r1, l2, r2] = compiled as CompiledExpression[];
  return proportionalAt([l1, r1], [l2, r2]);
}
