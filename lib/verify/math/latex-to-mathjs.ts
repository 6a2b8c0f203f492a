import { readBracedGroup, readLatexArgument } from "./latex-groups";

// Rewrites a normalised LaTeX answer into mathjs syntax; mathjs does the parsing and the
// evaluating. Two choices keep that safe and predictable:
// - only the functions below are ever emitted (anything else throws UnsupportedLatex), so
//   mathjs never sees a name a model made up;
// - multiplication is always explicit ("2x" → "2*x", "xy" → "x*y"), because LaTeX reads
//   juxtaposition as multiplication while mathjs's implicit-multiplication precedence
//   differs ("1/2x").

export class UnsupportedLatex extends Error {}

const MAX_LATEX_CHARS = 400;

const FUNCTION_COMMANDS: Record<string, string> = {
  sin: "sin", cos: "cos", tan: "tan", sec: "sec", csc: "csc", cot: "cot",
  arcsin: "asin", arccos: "acos", arctan: "atan", sinh: "sinh", cosh: "cosh", tanh: "tanh",
  ln: "log", log: "log", exp: "exp", // \log without a base is read as the natural log
};
// Names a model may type without a backslash ("sqrt(2)", "2pi"); longest first for splitting.
const TYPED_NAMES = ["sqrt", "sin", "cos", "tan", "log", "exp", "ln", "pi"];
const GREEK = new Set([
  "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta", "iota", "kappa",
  "lambda", "mu", "nu", "xi", "rho", "sigma", "tau", "upsilon", "phi", "varphi", "chi", "psi", "omega",
]);
const BRACKET_PAIRS: Record<string, [string, string]> = {
  lfloor: ["floor", "\\rfloor"],
  lceil: ["ceil", "\\rceil"],
  lvert: ["abs", "\\rvert"],
};

export function latexToMathjs(latex: string): string {
  if (latex.length > MAX_LATEX_CHARS) throw new UnsupportedLatex("answer too long for an expression");
  return new Converter(latex).run();
}

class Converter {
  private out: string[] = [];
  private operandEnded = false;
  private i = 0;

  constructor(private readonly text: string) {}

  run(): string {
    const { text } = this;
    while (this.i < text.length) {
      const ch = text[this.i];
      if (ch === " ") this.i++;
      else if (/[\d.]/.test(ch)) this.number();
      else if (/[a-zA-Z]/.test(ch)) this.letters();
      else if (ch === "\\") this.command();
      else if (ch === "{") this.operand(`(${this.sub(this.braced())})`);
      else if (ch === "(" || ch === "[") this.operand(`(${this.sub(this.bracketed())})`);
      else if (ch === "|") this.operand(`abs(${this.sub(this.until("|", 1))})`);
      else if (ch === "^") this.power();
      else if (ch === "!") this.postfix("!");
      else if ("+-*/".includes(ch)) {
        this.operator(ch);
        this.i++;
      }
      else throw new UnsupportedLatex(`unexpected "${ch}"`);
    }
    if (!this.operandEnded) throw new UnsupportedLatex("incomplete expression");
    return this.out.join("");
  }

  private sub(latex: string): string {
    return new Converter(latex).run();
  }

  private operand(code: string): void {
    if (this.operandEnded) this.out.push("*");
    this.out.push(code);
    this.operandEnded = true;
  }

  private operator(code: string): void {
    this.out.push(code);
    this.operandEnded = false;
  }

  private postfix(code: string): void {
    if (!this.operandEnded) throw new UnsupportedLatex(`"${code}" without an operand`);
    this.out.push(code);
    this.i++;
  }

  private number(): void {
    const match = /^(?:\d+(?:\.\d*)?|\.\d+)/.exec(this.text.slice(this.i));
    if (!match) throw new UnsupportedLatex("stray period");
    this.operand(match[0]);
    this.i += match[0].length;
  }

  /** A typed name ("sqrt", "pi") opening a run of letters, else one single-letter variable. */
  private letters(): void {
    const name = TYPED_NAMES.find((n) => this.text.startsWith(n, this.i));
    if (name) {
      this.i += name.length;
      if (name === "pi") this.operand("pi");
      else this.applyFunction(name === "ln" ? "log" : name);
      return;
    }
    this.operand(this.text[this.i]);
    this.i++;
    this.subscript();
  }

  private subscript(): void {
    if (this.text[this.i] !== "_") return;
    const argument = readLatexArgument(this.text, this.i + 1);
    if (!argument || !/^\w+$/.test(argument.content)) throw new UnsupportedLatex("unsupported subscript");
    this.out[this.out.length - 1] += `_${argument.content}`;
    this.i = argument.end;
  }

  private braced(): string {
    const group = readBracedGroup(this.text, this.i);
    if (!group) throw new UnsupportedLatex("unbalanced braces");
    this.i = group.end;
    return group.content;
  }

  /** ( … ) or [ … ], counting both kinds of bracket. */
  private bracketed(): string {
    let depth = 0;
    for (let j = this.i; j < this.text.length; j++) {
      const ch = this.text[j];
      if (ch === "(" || ch === "[") depth++;
      else if ((ch === ")" || ch === "]") && --depth === 0) {
        const content = this.text.slice(this.i + 1, j);
        this.i = j + 1;
        return content;
      }
    }
    throw new UnsupportedLatex("unbalanced brackets");
  }

  /** Text up to the closing token, skipping `skip` characters of the opener. */
  private until(close: string, skip: number): string {
    const end = this.text.indexOf(close, this.i + skip);
    if (end < 0) throw new UnsupportedLatex(`missing ${close}`);
    const content = this.text.slice(this.i + skip, end);
    this.i = end + close.length;
    return content;
  }

  private argument(): string {
    const argument = readLatexArgument(this.text, this.i);
    if (!argument) throw new UnsupportedLatex("missing argument");
    this.i = argument.end;
    return argument.content;
  }

  private power(): void {
    if (!this.operandEnded) throw new UnsupportedLatex("exponent without a base");
    this.i++;
    while (this.text[this.i] === " ") this.i++;
    // "x^10" typed in plain text means x to the tenth; LaTeX would read x^1·0. Take the digits.
    const digits = /^\d+/.exec(this.text.slice(this.i));
    const exponent = digits ? digits[0] : this.argument();
    if (digits) this.i += digits[0].length;
    this.out.push(`^(${this.sub(exponent)})`);
  }

  private command(): void {
    const name = /^\\([a-zA-Z]+)/.exec(this.text.slice(this.i))?.[1];
    if (!name) throw new UnsupportedLatex(`unsupported "${this.text.slice(this.i, this.i + 2)}"`);
    this.i += name.length + 1;
    if (name === "frac") {
      const top = this.sub(this.argument());
      const bottom = this.sub(this.argument());
      this.operand(`((${top})/(${bottom}))`);
    } else if (name === "sqrt") {
      const index = this.text[this.i] === "[" ? this.sub(this.bracketed()) : null;
      const radicand = this.sub(this.argument());
      this.operand(index ? `nthRoot(${radicand}, ${index})` : `sqrt(${radicand})`);
    } else if (name === "binom") {
      const n = this.sub(this.argument());
      const k = this.sub(this.argument());
      this.operand(`binomial(${n}, ${k})`);
    } else if (name === "cdot" || name === "times") this.operator("*");
    else if (name === "div") this.operator("/");
    else if (name === "pi") this.operand("pi");
    else if (name === "infty") this.operand("Infinity");
    else if (GREEK.has(name)) this.operand(`greek_${name}`);
    else if (name in FUNCTION_COMMANDS) this.applyFunction(FUNCTION_COMMANDS[name]);
    else if (name in BRACKET_PAIRS) {
      const [fn, close] = BRACKET_PAIRS[name];
      this.operand(`${fn}(${this.sub(this.until(close, 0))})`);
    } else throw new UnsupportedLatex(`unsupported \\${name}`);
  }

  /** `\sin x`, `\sin(2x)`, `\sin^2 x`, `\log_2 8`, typed `sqrt(3)`. */
  private applyFunction(fn: string): void {
    let power: string | null = null;
    let base: string | null = null;
    for (;;) {
      while (this.text[this.i] === " ") this.i++;
      if (this.text[this.i] === "^" && !power) {
        this.i++;
        power = this.sub(this.argument());
      } else if (this.text[this.i] === "_" && fn === "log" && !base) {
        this.i++;
        base = this.sub(this.argument());
      } else break;
    }
    const argument = this.sub(this.functionArgument());
    const call = base ? `log(${argument}, ${base})` : `${fn}(${argument})`;
    this.operand(power ? `(${call})^(${power})` : call);
  }

  private functionArgument(): string {
    const ch = this.text[this.i];
    if (ch === "(" || ch === "[") return this.bracketed();
    if (ch === "{") return this.braced();
    // Unbracketed: up to the next space or operator at this level ("\sin 2x + 1" → "2x").
    const start = this.i;
    while (this.i < this.text.length && !" +-*/=,)]".includes(this.text[this.i])) {
      if (this.text[this.i] === "{") this.braced();
      else if (this.text[this.i] === "\\") this.i += (/^\\[a-zA-Z]+/.exec(this.text.slice(this.i))?.[0].length ?? 2);
      else this.i++;
    }
    if (this.i === start) throw new UnsupportedLatex("function without an argument");
    return this.text.slice(start, this.i);
  }
}
