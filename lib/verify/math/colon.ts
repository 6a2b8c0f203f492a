import { isTerminating, numbersClose, parseNumericLiteral, rationalsEqual, rationalToNumber, type NumericLiteral, type Rational } from "./numeric";
import { colonReading, type CompareContext } from "./reading";

// "5:12" is a ratio or a time of day, "1:2:3" a ratio of three. As a ratio it equals any
// multiple (10:24) and, with two parts, its quotient (5/12); as a time only itself. The
// prompt decides the reading (reading.ts) and the verdict says which one was used.

export type ColonForm = { kind: "colon"; parts: Rational[]; text: string };

const COLON = /^-?\d+(?:\.\d+)?(?:\s*:\s*\d+(?:\.\d+)?){1,2}$/;

export function parseColonForm(text: string): ColonForm | null {
  if (!COLON.test(text)) return null;
  const parts = text.split(":").map((part) => parseNumericLiteral(part.trim()));
  if (parts.some((p) => p?.kind !== "rational")) return null;
  return { kind: "colon", parts: parts.map((p) => (p as Extract<NumericLiteral, { kind: "rational" }>).value), text };
}

export function compareColonForms(
  a: ColonForm | NumericLiteral | null,
  b: ColonForm | NumericLiteral | null,
  context: CompareContext | undefined,
): { equal: boolean; detail: string | null } {
  if (!a || !b) return { equal: false, detail: null };
  const reading = colonReading(context);
  if (a.kind === "colon" && b.kind === "colon") {
    if (a.parts.length !== b.parts.length) return { equal: false, detail: "different numbers of parts" };
    if (a.parts.every((p, i) => rationalsEqual(p, b.parts[i]))) return { equal: true, detail: `equal as ${reading === "time" ? "times" : "ratios"}` };
    if (reading === "time") return { equal: false, detail: "different times (read as a time of day)" };
    // a1:a2 = b1:b2 ⇔ a1·b2 = a2·b1, part by part against the first.
    const cross = (x: Rational, y: Rational) => ({ num: x.num * y.num, den: x.den * y.den });
    const proportional = a.parts.every((p, i) => rationalsEqual(cross(p, b.parts[0]), cross(b.parts[i], a.parts[0])));
    return proportional ? { equal: true, detail: "equal as ratios (one is a multiple of the other)" } : { equal: false, detail: "different ratios" };
  }
  const colon = a.kind === "colon" ? a : (b as ColonForm);
  const other = a.kind === "colon" ? b : a;
  if (reading === "time" || colon.parts.length !== 2 || other.kind !== "rational") return { equal: false, detail: null };
  const [p, q] = colon.parts;
  if (q.num === 0n) return { equal: false, detail: null };
  const quotient = { num: p.num * q.den, den: p.den * q.num };
  const value = quotient.den < 0n ? { num: -quotient.num, den: -quotient.den } : quotient;
  const close = !isTerminating(value) && numbersClose(rationalToNumber(value), rationalToNumber(other.value));
  return rationalsEqual(value, other.value) || close
    ? { equal: true, detail: `equal as a ratio and its quotient: ${colon.text}` }
    : { equal: false, detail: null };
}
