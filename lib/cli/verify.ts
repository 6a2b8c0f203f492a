import fs from "node:fs";
import os from "node:os";
import { Readable } from "node:stream";
import { z } from "zod";
import { readJsonlLines, type JsonlLine } from "@/lib/candidates/jsonl";
import { verifiableKinds, verifyAnswer, type VerifiableKind } from "@/lib/verify";
import { parse, readableFile, UsageError } from "./args";

const lineSchema = z.object({
  id: z.union([z.string(), z.number()]),
  gold: z.string(),
  response: z.string(),
  tests: z.array(z.string()).optional(),
  choices: z.array(z.string()).optional(),
  prompt: z.string().optional(),
});

type Out = Record<string, unknown>;

/** Verdict lines for a JSONL stream, in input order. Code checks run `parallel` at a time. */
export async function* verifyLines(kind: VerifiableKind, input: Readable, parallel = 1): AsyncGenerator<Out> {
  const window: Promise<Out>[] = [];
  for await (const l of readJsonlLines(input)) {
    window.push(verifyOne(kind, l));
    // Math/mcq/exact resolve synchronously-fast; code spawns python, so keep several going.
    if (window.length >= parallel) yield await window.shift()!;
  }
  while (window.length) yield await window.shift()!;
}

async function verifyOne(kind: VerifiableKind, l: JsonlLine): Promise<Out> {
  if ("error" in l) return { id: null, line: l.line, error: l.error };
  let value: unknown;
  try {
    value = JSON.parse(l.text);
  } catch {
    return { id: null, line: l.line, error: "invalid JSON" };
  }
  const parsed = lineSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { id: null, line: l.line, error: `${issue.path.join(".") || "line"}: ${issue.message}` };
  }
  const { id, gold, response, tests, choices, prompt } = parsed.data;
  if (kind === "code" && !tests?.length) return { id, line: l.line, error: 'code needs "tests"' };
  const v = await verifyAnswer(kind, response, gold, { tests, choices, prompt });
  return { id, correct: v.correct, extracted: v.extracted, reason: v.reason, ...(v.undecided ? { undecided: true } : {}) };
}

export async function run(argv: string[]): Promise<number> {
  // --json is accepted for symmetry with every other command: the output is JSON lines already.
  const { values } = parse(argv, { kind: { type: "string" }, jsonl: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } });
  const kind = z.enum(verifiableKinds).safeParse(values.kind);
  if (!kind.success) throw new UsageError(`--kind must be one of ${verifiableKinds.join(", ")}`);
  if (!values.jsonl) throw new UsageError("give --jsonl FILE");
  const input = values.jsonl === "-" ? process.stdin : fs.createReadStream(readableFile(values.jsonl), { highWaterMark: 1 << 20 });
  const parallel = kind.data === "code" ? Math.max(1, os.availableParallelism()) : 1;
  let bad = 0;
  let buffered = "";
  for await (const out of verifyLines(kind.data, input as Readable, parallel)) {
    if ("error" in out) bad++;
    buffered += JSON.stringify(out) + "\n";
    if (buffered.length > 1 << 16) {
      if (!process.stdout.write(buffered)) await new Promise<void>((r) => process.stdout.once("drain", () => r()));
      buffered = "";
    }
  }
  process.stdout.write(buffered);
  if (bad) console.error(`edgewise verify: ${bad} line(s) could not be verified (see "error" in the output)`);
  return bad ? 1 : 0;
}
