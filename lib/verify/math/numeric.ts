// The fast path: answers that are plain numbers (by far the common case — GSM8K is all
// integers) are parsed with a few regexes into exact rationals, so "7,425,000" = "7425000"
// and "\frac{1}{2}" = "0.5" are decided without mathjs and without float rounding.

export type Rational = { num: bigint; den: bigint }; // den > 0
export type NumericForm = "integer" | "decimal" | "scientific" | "fraction" | "mixed number";
export type NumericLiteral =
  | { kind: "rational"; value: Rational; form: NumericForm }
  | { kind: "infinity"; sign: 1 | -1 };

/**
 * Numbers closer than this, relative to the larger magnitude, are equal. 1e-6 accepts
 * "0.8660254" for √3/2 and float noise from evaluation, and still separates 0.333 from 1/3.
 * Integers and terminating decimals never use it: they are compared exactly, so 7425001 is
 * not 7425000. Values within ABSOLUTE_FLOOR of zero are zero (sin(π) evaluates to 1e-16).
 */
export const RELATIVE_TOLERANCE = 1e-6;
export const ABSOLUTE_FLOOR = 1e-12;

export function numbersClose(a: number, b: number): boolean {
  if (a === b) return true; // also ±Infinity
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  const difference = Math.abs(a - b);
  return difference <= ABSOLUTE_FLOOR || difference <= RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

const DECIMAL = String.raw`(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+`;
const SIGN = String.raw`[+-]?`;
const FRAC_PART = String.raw`(?:\{\s*(${SIGN}(?:${DECIMAL}))\s*\}|(\d))`;
const LATEX_FRACTION = String.raw`\\frac\s*${FRAC_PART}\s*${FRAC_PART}`;

const PLAIN_NUMBER = new RegExp(String.raw`^(${SIGN})(${DECIMAL})$`);
const E_NOTATION = new RegExp(String.raw`^(${SIGN})(${DECIMAL})\s*[eE]\s*([+-]?\d+)$`);
const TIMES_TEN_POWER = new RegExp(
  String.raw`^(${SIGN})(${DECIMAL})\s*(?:\\times|\\cdot|\*|x)\s*10\s*\^\s*(?:\{\s*([+-]?\d+)\s*\}|(\d))$`,
);
const SLASH_FRACTION = new RegExp(String.raw`^(${SIGN})(${DECIMAL})\s*/\s*(${SIGN})(${DECIMAL})$`);
const LATEX_FRACTION_ONLY = new RegExp(String.raw`^(${SIGN})\s*${LATEX_FRACTION}$`);
const MIXED_SLASH = new RegExp(String.raw`^(${SIGN})(\d+)\s+(\d+)\s*/\s*(\d+)$`);
const MIXED_LATEX = new RegExp(String.raw`^(${SIGN})(\d+)\s*\\frac\s*(?:\{\s*(\d+)\s*\}|(\d))\s*(?:\{\s*(\d+)\s*\}|(\d))$`);
const INFINITY = /^([+-]?)\s*(?:\\infty|infinity|inf|Infinity)$/i;
// A repeating decimal: "0.\overline{3}" = 1/3, "1.2\overline{45}" = 1.2454545…
const REPEATING = /^([+-]?)(\d*)\.(\d*)\\overline\s*\{(\d+)\}$/;

// Bigger exponents go to the float path instead of building huge BigInts.
const MAX_EXACT_EXPONENT = 400;

export function parseNumericLiteral(text: string): NumericLiteral | null {
  let m: RegExpExecArray | null;
  if ((m = PLAIN_NUMBER.exec(text))) {
    const value = decimalToRational(m[2], m[1]);
    return { kind: "rational", value, form: value.den === 1n ? "integer" : "decimal" };
  }
  if ((m = E_NOTATION.exec(text)) || (m = TIMES_TEN_POWER.exec(text))) {
    const exponent = Number(m[3] ?? m[4]);
    if (Math.abs(exponent) > MAX_EXACT_EXPONENT) return null;
    const mantissa = decimalToRational(m[2], m[1]);
    const scale = 10n ** BigInt(Math.abs(exponent));
    const value = exponent >= 0 ? { num: mantissa.num * scale, den: mantissa.den } : { num: mantissa.num, den: mantissa.den * scale };
    return { kind: "rational", value, form: "scientific" };
  }
  if ((m = SLASH_FRACTION.exec(text))) {
    return fraction(m[1], decimalToRational(m[2], ""), decimalToRational(m[4], m[3]));
  }
  if ((m = LATEX_FRACTION_ONLY.exec(text))) {
    // The braces may hold their own sign: \frac{-1}{2}.
    const numerator = decimalToRational(m[2] ?? m[3], "");
    const denominator = decimalToRational(m[4] ?? m[5], "");
    return fraction(m[1], numerator, denominator);
  }
  if ((m = MIXED_SLASH.exec(text)) || (m = MIXED_LATEX.exec(text))) {
    const [whole, top, bottom] = m.length === 5 ? [m[2], m[3], m[4]] : [m[2], m[3] ?? m[4], m[5] ?? m[6]];
    const den = BigInt(bottom);
    if (den === 0n) return null;
    const num = BigInt(whole) * den + BigInt(top);
    return { kind: "rational", value: { num: m[1] === "-" ? -num : num, den }, form: "mixed number" };
  }
  if ((m = INFINITY.exec(text))) return { kind: "infinity", sign: m[1] === "-" ? -1 : 1 };
  if ((m = REPEATING.exec(text)) && m[4].length <= 50) {
    // x = whole.fixed(repeat)…: x·10^(f+r) − x·10^f = whole·fixed·repeat − whole·fixed.
    const [whole, fixed, repeat] = [m[2] || "0", m[3], m[4]];
    const num = BigInt(whole + fixed + repeat) - BigInt(whole + fixed);
    const den = 10n ** BigInt(fixed.length + repeat.length) - 10n ** BigInt(fixed.length);
    return { kind: "rational", value: { num: m[1] === "-" ? -num : num, den }, form: "fraction" };
  }
  return null;
}

function fraction(outerSign: string, numerator: Rational, denominator: Rational): NumericLiteral | null {
  if (denominator.num === 0n) return null;
  let num = numerator.num * denominator.den;
  let den = numerator.den * denominator.num;
  if (den < 0n) [num, den] = [-num, -den];
  if (outerSign === "-") num = -num;
  return { kind: "rational", value: { num, den }, form: "fraction" };
}

function decimalToRational(digits: string, sign: string): Rational {
  const [whole, fractional = ""] = digits.replace(/,/g, "").split(".");
  const num = BigInt((whole || "0") + fractional);
  return { num: sign === "-" ? -num : num, den: 10n ** BigInt(fractional.length) };
}

export function rationalsEqual(a: Rational, b: Rational): boolean {
  return a.num * b.den === b.num * a.den;
}

export function rationalToNumber(r: Rational): number {
  return Number(r.num) / Number(r.den);
}

export function literalToNumber(literal: NumericLiteral): number {
  return literal.kind === "infinity" ? literal.sign * Infinity : rationalToNumber(literal.value);
}

export function divideByHundred(r: Rational): Rational {
  return { num: r.num, den: r.den * 100n };
}

/** Has a finite decimal expansion (denominator of the reduced form is 2^a·5^b). */
export function isTerminating(r: Rational): boolean {
  let den = r.den / gcd(r.num < 0n ? -r.num : r.num, r.den);
  while (den % 2n === 0n) den /= 2n;
  while (den % 5n === 0n) den /= 5n;
  return den === 1n;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}
