import crypto from "node:crypto";
import fs from "node:fs";
import type { Readable } from "node:stream";
import { convertLine, type FieldMapping, type ImportFormat } from "@/lib/candidates/formats";
import { readJsonlLines } from "@/lib/candidates/jsonl";

// A benchmark file is read like an import (the same JSONL reader, formats and field mapping:
// lib/candidates/formats.ts), but all or nothing: a benchmark with holes would silently let
// its missing items through, so any bad line refuses the file, naming each bad line.

export interface BenchmarkItemRow {
  line: number;
  prompt: string;
  answer: string | null;
}

export interface BadLine {
  line: number;
  reason: string;
}

export interface ParsedBenchmark {
  items: BenchmarkItemRow[];
  bad: BadLine[];
  /** sha256 over the prompts in file order: what a manifest records. */
  contentHash: string;
}

/** Bad lines reported at most (the count is always exact). */
export const MAX_BAD_REPORTED = 100;

export async function parseBenchmarkFile(
  input: Readable | string,
  format: ImportFormat,
  mapping: FieldMapping = {},
): Promise<ParsedBenchmark & { badCount: number }> {
  const stream = typeof input === "string" ? fs.createReadStream(input, { highWaterMark: 1 << 20 }) : input;
  const items: BenchmarkItemRow[] = [];
  const bad: BadLine[] = [];
  let badCount = 0;
  const hash = crypto.createHash("sha256");
  const fail = (line: number, reason: string) => {
    badCount++;
    if (bad.length < MAX_BAD_REPORTED) bad.push({ line, reason });
  };
  for await (const l of readJsonlLines(stream)) {
    if ("error" in l) {
      fail(l.line, l.error);
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(l.text);
    } catch {
      fail(l.line, "not valid JSON");
      continue;
    }
    const c = convertLine(value, format, mapping);
    if (!c.ok) {
      fail(l.line, c.reason);
      continue;
    }
    items.push({ line: l.line, prompt: c.row.prompt, answer: c.row.answer });
    hash.update(c.row.prompt).update("\u0000");
  }
  return { items, bad, badCount, contentHash: hash.digest("hex") };
}
