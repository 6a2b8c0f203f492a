import { z } from "zod";
import { chatFields, NO_TURNS } from "./chat-line";
import { unstorableField } from "./line-checks";

// Each import format turns one parsed JSON line into a candidate row, or says exactly why it
// cannot. Reasons are shown to users next to the line number, so they name the field.

export const importFormats = ["generic", "gsm8k", "mmlu", "mbpp", "chat"] as const;
export type ImportFormat = (typeof importFormats)[number];

export const LIMITS = { prompt: 100_000, answer: 100_000, source: 200, metadataBytes: 64 * 1024 };

/** Generic files with other key names: which key holds each field ("a.b" reaches nested keys). */
export const fieldMappingSchema = z
  .object({
    prompt: z.string().min(1),
    answer: z.string().min(1),
    source: z.string().min(1),
    domain: z.string().min(1),
    metadata: z.string().min(1),
  })
  .partial();
export type FieldMapping = z.infer<typeof fieldMappingSchema>;

export interface CandidateRow {
  prompt: string;
  answer: string | null;
  source: string | null;
  metadata: Record<string, unknown> | null;
  /** A slug named by the line itself (generic format only); else the batch's domain. */
  domain: string | null;
}

export type Converted = { ok: true; row: CandidateRow } | { ok: false; reason: string };

const text = (max: number) => z.string().max(max, `longer than ${max.toLocaleString("en")} characters`);
const prompt = text(LIMITS.prompt).refine((s) => s.trim() !== "", "is empty");
/** Many datasets store numeric answers as numbers: accept them, as text. */
const answer = z.union([text(LIMITS.answer), z.number().finite().transform(String)]);

const genericLine = z.object({
  prompt,
  answer: answer.nullish(),
  domain: z.string().trim().min(1).max(40).nullish(),
  source: text(LIMITS.source).nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
});

const gsm8kLine = z.object({
  question: prompt,
  answer: text(LIMITS.answer).refine((s) => s.includes("####"), "has no '#### <final answer>'"),
});

const mmluLine = z.object({
  question: prompt,
  choices: z.array(text(LIMITS.answer)).min(2, "needs at least 2 choices").max(10, "has more than 10 choices"),
  answer: z.union([z.number().int().min(0), z.string().regex(/^[A-J]$/, "must be a letter A–J or an index")]),
  type: z.string().max(100).optional(),
  subject: z.string().max(100).optional(),
});

const mbppLine = z.object({
  text: prompt,
  test_list: z.array(z.string()).min(1, "has no tests"),
  code: text(LIMITS.answer).optional(),
  task_id: z.union([z.number(), z.string()]).optional(),
  test_setup_code: z.string().optional(),
});

const LETTERS = "ABCDEFGHIJ";

function describe(err: z.ZodError): string {
  const i = err.issues[0];
  const field = i.path.length ? `"${i.path.join(".")}"` : "line";
  const received = (message: string) => /received (\w+)/.exec(message)?.[1] ?? "something else";
  if (i.code === "invalid_type") {
    const got = received(i.message);
    return got === "undefined" ? `missing ${field}` : `${field}: expected ${i.expected}, got ${got}`;
  }
  // A value of none of a union's types ("answer": string or number): name them all, like above.
  if (i.code === "invalid_union") {
    const branches = i.errors.map((b) => b[0]).filter((b) => b?.code === "invalid_type" && b.path.length === 0);
    if (branches.length === i.errors.length && branches.length > 0) {
      return `${field}: expected ${branches.map((b) => (b as z.core.$ZodIssueInvalidType).expected).join(" or ")}, got ${received(branches[0].message)}`;
    }
  }
  return `${field} ${i.message}`;
}

function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> | string {
  const r = schema.safeParse(value);
  return r.success ? r.data : describe(r.error);
}

function pick(obj: Record<string, unknown>, path: string): unknown {
  let cur: unknown = obj;
  for (const key of path.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function remap(obj: Record<string, unknown>, mapping: FieldMapping): Record<string, unknown> {
  if (!Object.values(mapping).some(Boolean)) return obj; // nothing to remap: no copy per line
  const out: Record<string, unknown> = { ...obj };
  for (const [field, key] of Object.entries(mapping)) if (key) out[field] = pick(obj, key);
  return out;
}

/** A reason names the file's key, not the field it was mapped to: `missing "instruction" (mapped to prompt)`. */
function namedAsInFile(reason: string, mapping: FieldMapping): string {
  for (const [field, key] of Object.entries(mapping)) {
    if (key && reason.includes(`"${field}"`)) return reason.replace(`"${field}"`, `"${key}" (mapped to ${field})`);
  }
  return reason;
}

const MISSING_PROMPT = 'missing "prompt"';
const SHOWN_KEYS = 8;

/**
 * A generic line without "prompt" usually means a file with other key names (instruction /
 * output, or another dataset's format): say which keys the line has, so the fix — a mapping
 * or another format — is one step away. Every such line says it, so a file where no line has
 * "prompt" reports its keys.
 */
function withKeysFound(reason: string, obj: Record<string, unknown>): string {
  const keys = Object.keys(obj);
  if (!keys.length) return reason;
  const shown = keys.slice(0, SHOWN_KEYS).map((k) => `"${k}"`).join(", ");
  const more = keys.length > SHOWN_KEYS ? ` and ${keys.length - SHOWN_KEYS} more` : "";
  return `${reason}; the line has ${shown}${more}: map one to prompt, or pick the file's format`;
}

/** The generic format through its zod schema: the row, or what is wrong with the line. */
export function genericRowViaSchema(o: Record<string, unknown>): CandidateRow | string {
  const l = parseWith(genericLine, o);
  if (typeof l === "string") return l;
  return { prompt: l.prompt, answer: l.answer ?? null, source: l.source ?? null, metadata: l.metadata ?? null, domain: l.domain ?? null };
}

const isText = (v: unknown, max: number): v is string => typeof v === "string" && v.length <= max;
const absent = (v: unknown): v is null | undefined => v === undefined || v === null;
const NOT_BLANK = /\S/;

/**
 * The generic schema's common case without zod (an import validates every line; zod was a
 * tenth of the parse): fields of exactly the accepted types give the same row `genericLine`
 * would. Anything else returns null and goes through zod, which names what is wrong.
 * formats.test.ts checks both paths agree.
 */
export function plainGenericRow(o: Record<string, unknown>): CandidateRow | null {
  const { prompt, answer, domain, source, metadata } = o;
  if (!isText(prompt, LIMITS.prompt) || !NOT_BLANK.test(prompt)) return null;
  if (!(absent(answer) || isText(answer, LIMITS.answer) || (typeof answer === "number" && Number.isFinite(answer)))) return null;
  if (!(absent(source) || isText(source, LIMITS.source))) return null;
  if (!absent(domain) && typeof domain !== "string") return null;
  const slug = typeof domain === "string" ? domain.trim() : null;
  if (slug !== null && (slug.length < 1 || slug.length > 40)) return null;
  const plainObject = metadata !== null && typeof metadata === "object" && Object.getPrototypeOf(metadata) === Object.prototype;
  if (!(absent(metadata) || plainObject)) return null;
  return {
    prompt,
    answer: absent(answer) ? null : String(answer),
    source: source ?? null,
    metadata: (metadata as Record<string, unknown> | undefined) ?? null,
    domain: slug,
  };
}

function metadataTooBig(m: Record<string, unknown> | null): boolean {
  return m !== null && JSON.stringify(m).length > LIMITS.metadataBytes;
}

/**
 * One parsed line as a row, or why not. `checkText`: look for what PostgreSQL cannot store
 * (NUL, lone surrogates) in every field; the importer passes false for lines whose raw text
 * cannot hold them (line-checks.ts mayHoldUnstorable).
 */
export function convertLine(value: unknown, format: ImportFormat, mapping: FieldMapping = {}, checkText = true): Converted {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { ok: false, reason: "line is not a JSON object" };
  }
  const obj = value as Record<string, unknown>;
  const row = toRow(obj, format, mapping);
  if (typeof row === "string") return { ok: false, reason: row };
  const unstorable = checkText ? unstorableField(row) : null;
  if (unstorable) return { ok: false, reason: format === "generic" ? namedAsInFile(unstorable, mapping) : unstorable };
  if (metadataTooBig(row.metadata)) return { ok: false, reason: `"metadata" is larger than 64 KiB` };
  return { ok: true, row };
}

function toRow(obj: Record<string, unknown>, format: ImportFormat, mapping: FieldMapping): CandidateRow | string {
  switch (format) {
    case "generic": {
      const src = remap(obj, mapping);
      const row = plainGenericRow(src) ?? genericRowViaSchema(src);
      if (row === MISSING_PROMPT && !mapping.prompt) return withKeysFound(row, obj);
      return typeof row === "string" ? namedAsInFile(row, mapping) : row;
    }
    case "gsm8k": {
      const l = parseWith(gsm8kLine, obj);
      if (typeof l === "string") return l;
      const final = l.answer.slice(l.answer.lastIndexOf("####") + 4).trim().replace(/(\d),(?=\d{3}\b)/g, "$1");
      if (!final) return `"answer" has nothing after '####'`;
      return { prompt: l.question, answer: final, source: "gsm8k", metadata: { solution: l.answer }, domain: null };
    }
    case "mmlu": {
      const l = parseWith(mmluLine, obj);
      if (typeof l === "string") return l;
      const index = typeof l.answer === "number" ? l.answer : LETTERS.indexOf(l.answer);
      if (index >= l.choices.length) return `"answer" ${l.answer} is not one of the ${l.choices.length} choices`;
      const options = l.choices.map((c, i) => `${LETTERS[i]}. ${c}`).join("\n");
      const subject = l.type ?? l.subject;
      return {
        prompt: `${l.question}\n\n${options}`,
        answer: LETTERS[index],
        source: "mmlu",
        metadata: { choices: l.choices, ...(subject ? { subject } : {}) },
        domain: null,
      };
    }
    case "chat": {
      const f = chatFields(obj);
      if (typeof f === "string") return f === NO_TURNS ? withKeysFound(f, obj) : f;
      // The generic line's checks: prompt and answer lengths, an answer given as a number.
      const l = parseWith(genericLine, { prompt: f.prompt, answer: f.answer, source: f.source });
      if (typeof l === "string") return l;
      return { prompt: l.prompt, answer: l.answer ?? null, source: l.source ?? null, metadata: Object.keys(f.metadata).length ? f.metadata : null, domain: null };
    }
    case "mbpp": {
      const l = parseWith(mbppLine, obj);
      if (typeof l === "string") return l;
      const tests = l.test_list.join("\n");
      return {
        prompt: `${l.text}\n\nYour code should pass these tests:\n\n${tests}`,
        answer: l.code ?? null,
        source: "mbpp",
        metadata: {
          tests: l.test_list,
          ...(l.task_id !== undefined ? { task_id: l.task_id } : {}),
          ...(l.test_setup_code ? { test_setup_code: l.test_setup_code } : {}),
        },
        domain: null,
      };
    }
  }
}
