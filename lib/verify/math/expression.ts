import type { EvalFunction, MathNode } from "mathjs";
import math from "mathjs/lib/browser/math.js";
import { latexToMathjs, UnsupportedLatex } from "./latex-to-mathjs";
import { spend } from "./budget";
import { numbersClose } from "./numeric";

// The slow path: answers that are expressions ("\frac{\sqrt3}{2}", "x^2+2x+1") are parsed
// and evaluated by mathjs and compared numerically — at one point when they are constants,
// at several pseudo-random points when they have variables. The points are fixed (seeded),
// so the same pair always gets the same verdict.

// mathjs's single-file build: its default instance is create(all) (the same functions and
// config), and loading it is one file instead of ~1,000 ES modules (~1 s of every process that
// verifies: the worker, the CLI, each test file). Only this module uses mathjs.
const parse = math.parse;
// mathjs's combinations() multiplies k factors: \binom{10^9}{5\cdot10^8} ran for 40 s. Small
// arguments stay exact; big ones go through log-gamma, which is constant time.
const EXACT_BINOMIAL_LIMIT = 1000;
function binomial(n: number, k: number): number {
  if (!Number.isFinite(n) || !Number.isFinite(k)) return NaN;
  if (Number.isInteger(n) && Number.isInteger(k)) {
    if (k < 0 || k > n) return 0;
    const m = Math.min(k, n - k);
    if (m <= EXACT_BINOMIAL_LIMIT) {
      let result = 1;
      for (let i = 1; i <= m; i++) result = (result * (n - m + i)) / i;
      return Math.round(result);
    }
  }
  const lgamma = math.lgamma as unknown as (x: number) => number;
  return Math.exp(lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1));
}
math.import({ binomial }, { override: true });

// Hardening per the mathjs security guide. The converter already emits only whitelisted
// function names, so this is a second fence, not the first.
math.import(
  Object.fromEntries(
    ["import", "createUnit", "evaluate", "parse", "simplify", "derivative", "resolve", "reviver", "compile"].map((name) => [
      name,
      () => {
        throw new Error(`${name} is disabled`);
      },
    ]),
  ),
  { override: true },
);

const CONSTANTS = new Set(["pi", "e", "i", "Infinity"]);

export type CompiledExpression = { code: string; variables: string[]; evaluate: EvalFunction["evaluate"] };

// The reference of a prompt is checked against k samples, and many samples repeat the same
// expression: compile each distinct text once. Cleared wholesale when full — simple, bounded.
const CACHE_LIMIT = 10_000;
const cache = new Map<string, CompiledExpression | null>();

/** Null when the text is not an expression the converter and mathjs understand. */
export function compileExpression(normalisedLatex: string): CompiledExpression | null {
  const cached = cache.get(normalisedLatex);
  if (cached !== undefined) return cached;
  const compiled = compileUncached(normalisedLatex);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(normalisedLatex, compiled);
  return compiled;
}

function compileUncached(latex: string): CompiledExpression | null {
  let code: string;
  try {
    code = latexToMathjs(latex);
  } catch (error) {
    if (error instanceof UnsupportedLatex) return null;
    throw error;
  }
  let node: MathNode;
  try {
    node = parse(code);
  } catch {
    return null;
  }
  const variables = new Set<string>();
  node.traverse((child, path) => {
    if (child.type === "SymbolNode" && path !== "fn") {
      const name = (child as unknown as { name: string }).name;
      if (!CONSTANTS.has(name)) variables.add(name);
    }
  });
  const evaluator = node.compile();
  return { code, variables: [...variables].sort(), evaluate: (scope) => evaluator.evaluate(scope) };
}

type ComplexValue = { re: number; im: number };

function evaluateAt(expression: CompiledExpression, scope: Map<string, number>): ComplexValue | null {
  let value: unknown;
  try {
    value = expression.evaluate(scope);
  } catch {
    return null;
  }
  if (typeof value === "number") return Number.isNaN(value) ? null : { re: value, im: 0 };
  if (math.isComplex(value)) return { re: value.re, im: value.im };
  return null; // units, matrices, booleans: not an answer value
}

// Mostly positive points (square roots and logs stay real), two negative ones so that
// |x| and x still differ.
const SAMPLE_POINTS = 6;
const MIN_VALID_POINTS = 3;

function samplePoint(point: number, variable: number): number {
  const noise = Math.sin(point * 12.9898 + variable * 78.233) * 43758.5453;
  const magnitude = 0.5 + 2 * (noise - Math.floor(noise));
  return point >= SAMPLE_POINTS - 2 ? -magnitude : magnitude;
}

export type ExpressionComparison = { equal: boolean; points: number };

/** Equal when the two agree at every sample point where both are defined. */
export function expressionsEqual(a: CompiledExpression, b: CompiledExpression): ExpressionComparison {
  const variables = [...new Set([...a.variables, ...b.variables])].sort();
  const points = variables.length === 0 ? 1 : SAMPLE_POINTS;
  let valid = 0;
  for (let point = 0; point < points; point++) {
    spend();
    const scope = new Map(variables.map((name, index) => [name, samplePoint(point, index)]));
    const left = evaluateAt(a, scope);
    const right = evaluateAt(b, scope);
    if (!left && !right) continue; // outside both domains
    if (!left || !right) return { equal: false, points: valid };
    if (!numbersClose(left.re, right.re) || !numbersClose(left.im, right.im)) return { equal: false, points: valid };
    valid++;
  }
  return { equal: valid >= Math.min(points, MIN_VALID_POINTS), points: valid };
}

/** A plain number dressed as an expression, to compare a literal with an expression. */
export function constantExpression(value: number): CompiledExpression {
  return { code: String(value), variables: [], evaluate: () => value };
}

/**
 * Whether L1 − R1 and L2 − R2 are proportional (the same equation, rearranged and scaled):
 * their ratio is one nonzero constant at every sample point where both are defined.
 */
export function proportionalAt(a: [CompiledExpression, CompiledExpression], b: [CompiledExpression, CompiledExpression]): boolean {
  const variables = [...new Set([...a, ...b].flatMap((e) => e.variables))].sort();
  if (variables.length === 0) return false;
  let ratio: number | null = null;
  let valid = 0;
  for (let point = 0; point < SAMPLE_POINTS; point++) {
    spend();
    const scope = new Map(variables.map((name, index) => [name, samplePoint(point, index)]));
    const [l1, r1, l2, r2] = [...a, ...b].map((e) => evaluateAt(e, scope));
    if (!l1 || !r1 || !l2 || !r2 || l1.im || r1.im || l2.im || r2.im) continue;
    const f = l1.re - r1.re;
    const g = l2.re - r2.re;
    if (numbersClose(g, 0) || numbersClose(f, 0)) {
      if (!(numbersClose(g, 0) && numbersClose(f, 0))) return false;
      continue;
    }
    const r = f / g;
    if (ratio === null) ratio = r;
    else if (!numbersClose(r, ratio)) return false;
    valid++;
  }
  return ratio !== null && valid >= MIN_VALID_POINTS;
}
