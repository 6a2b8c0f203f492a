import { z } from "zod";
import { ensureDatabase } from "@/lib/db/bootstrap";
import { disconnect } from "@/lib/db/client";
import { DEFAULT_RULE, runDecontamNow, type DecontamSummary } from "@/lib/dedup";
import { usesEmbeddedDatabase } from "@/lib/env";
import { cliActor, parse, UsageError } from "./args";

export const decontamHelp = `Usage: edgewise decontam --domain SLUG [--benchmark NAME]... [--n N] [--short-n N] [--short-below W] [--json]

Check a domain's candidates against benchmarks (all of them unless --benchmark names some):
a candidate sharing a word n-gram with a benchmark item (lowercased, punctuation and
whitespace folded) is flagged contaminated and left out of runs, review queues and
snapshots, unless a lead overrides that benchmark for the domain. Prints a summary, or one
JSON object with --json. Recorded as a check on the domain page.

Options:
  --domain SLUG      the domain to check
  --benchmark NAME   a benchmark by name (repeat for several; case-insensitive)
  --n N              n-gram length (default ${DEFAULT_RULE.n})
  --short-n N        n-gram length for short prompts (default ${DEFAULT_RULE.shortN})
  --short-below W    prompts under W words are short (default ${DEFAULT_RULE.shortBelow}; 0: no short rule)
  --json             print the summary as JSON

Works on the database directly (DATABASE_URL or the embedded one), also when a token is set.
Exit status: 0 on success, 1 on failure, 2 on bad usage.`;

const count = (flag: string, v: string | undefined) => {
  if (v === undefined) return undefined;
  const r = z.coerce.number().int().min(0).safeParse(v);
  if (!r.success) throw new UsageError(`${flag} must be a whole number`);
  return r.data;
};

export async function runDecontam(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    domain: { type: "string" },
    benchmark: { type: "string", multiple: true },
    n: { type: "string" },
    "short-n": { type: "string" },
    "short-below": { type: "string" },
    json: { type: "boolean" },
    help: { type: "boolean", short: "h" },
    token: { type: "string" },
    url: { type: "string" },
  });
  if (values.help) {
    console.log(decontamHelp);
    return 0;
  }
  if (positionals.length) throw new UsageError(`unexpected argument: ${positionals[0]}`);
  if (!values.domain) throw new UsageError("give --domain SLUG");
  const rule = Object.fromEntries(
    Object.entries({ n: count("--n", values.n), shortN: count("--short-n", values["short-n"]), shortBelow: count("--short-below", values["short-below"]) }).filter(([, v]) => v !== undefined),
  );
  // With a token set, main.ts did not open the database: the check works on it directly.
  const database = usesEmbeddedDatabase() ? await ensureDatabase() : null;
  try {
    const summary = await runDecontamNow({ id: null, email: cliActor() }, values.domain, { benchmarks: values.benchmark, rule });
    console.log(values.json ? JSON.stringify(summary) : describe(values.domain, summary));
    return 0;
  } finally {
    await disconnect();
    await database?.stop();
  }
}

function describe(slug: string, s: DecontamSummary): string {
  const r = s.rule;
  const lines = [
    `decontam ${slug}: ${s.candidates.toLocaleString("en")} candidates checked against ${s.benchmarks.length} benchmark${s.benchmarks.length === 1 ? "" : "s"}` +
      ` (${r.n}-grams${r.shortBelow > 0 ? `, ${r.shortN}-grams under ${r.shortBelow} words` : ""}) in ${((s.indexMs + s.scanMs) / 1000).toFixed(1)} s`,
    `  ${s.hits.toLocaleString("en")} hits; ${s.contaminated.toLocaleString("en")} candidates contaminated now (${s.changed} flags changed)`,
    ...s.benchmarks.map((b) => `  ${b.name.padEnd(24)} ${String(b.items).padStart(6)} items  ${String(b.hits).padStart(7)} hits`),
  ];
  return lines.join("\n");
}
