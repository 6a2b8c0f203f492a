import { z } from "zod";
import { DEFAULT_RULE, runDecontamNow, type DecontamSummary } from "@/lib/dedup";
import { cliActor, parse, UsageError } from "./args";
import { decontamHelp } from "./help.mjs";


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
  // Works on the database directly, also with a token set (commands.ts: database "always").
  const summary = await runDecontamNow({ id: null, email: cliActor() }, values.domain, { benchmarks: values.benchmark, rule });
  console.log(values.json ? JSON.stringify(summary) : describe(values.domain, summary));
  return 0;
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

/** The commands record (commands.ts) loads this module and calls run. */
export const run = runDecontam;
