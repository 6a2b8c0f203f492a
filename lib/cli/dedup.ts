import { z } from "zod";
import type { NearDupSummary } from "@/lib/dedup";
import { runDomainNearDupNow } from "@/lib/dedup/run";
import { cliActor, parse, UsageError } from "./args";
import { dedupHelp } from "./help.mjs";


const optsSchema = z.object({
  domain: z.string({ error: "give --domain SLUG" }).min(1, "give --domain SLUG"),
  threshold: z.coerce.number({ error: "--threshold must be a number" }).min(0.5, "--threshold must be between 0.5 and 1").max(1, "--threshold must be between 0.5 and 1").optional(),
  json: z.boolean().optional(),
});

export async function runDedup(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    domain: { type: "string" },
    threshold: { type: "string" },
    json: { type: "boolean" },
    help: { type: "boolean", short: "h" },
    token: { type: "string" },
    url: { type: "string" },
  });
  if (values.help) {
    console.log(dedupHelp);
    return 0;
  }
  if (positionals.length) throw new UsageError(`unexpected argument: ${positionals[0]}`);
  const parsed = optsSchema.safeParse({ domain: values.domain, threshold: values.threshold, json: values.json });
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => i.message).join("; "));
  const opts = parsed.data;

  // Works on the database directly, also with a token set (commands.ts: database "always").
  const { pass, summary } = await runDomainNearDupNow(opts.domain, { id: null, email: cliActor() }, { threshold: opts.threshold });
  if (opts.json) console.log(JSON.stringify({ passId: pass.id, domain: opts.domain, ...summary }));
  else console.log(describe(pass.id, opts.domain, summary));
  return 0;
}

export function describe(passId: number, slug: string, s: NearDupSummary): string {
  const d = s.domains.find((x) => x.flagged !== undefined && s.domains.length === 1) ?? s.domains[0];
  const p = s.params;
  return [
    `near-duplicate pass #${passId} for ${slug}: ${s.flagged} flagged near-duplicate${s.flagged === 1 ? "" : "s"}` +
      (d ? ` in ${d.clusters} cluster${d.clusters === 1 ? "" : "s"} (Jaccard ≥ ${d.threshold})` : ""),
    `  hashed ${s.hashed} new prompt${s.hashed === 1 ? "" : "s"}${s.empty ? ` (${s.empty} without words)` : ""}; LSH proposed ${s.proposed} pairs, ${s.confirmed} confirmed; ${s.crossDomain} across domains (reported, not flagged)`,
    `  MinHash ${p.bands} bands × ${p.rows} rows over ${p.shingle}; ${(s.ms.total / 1000).toFixed(1)} s`,
  ].join("\n");
}

/** The commands record (commands.ts) loads this module and calls run. */
export const run = runDedup;
