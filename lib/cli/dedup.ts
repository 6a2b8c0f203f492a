import { z } from "zod";
import { ensureDatabase } from "@/lib/db/bootstrap";
import { disconnect } from "@/lib/db/client";
import type { NearDupSummary } from "@/lib/dedup";
import { runDomainNearDupNow } from "@/lib/dedup/run";
import { usesEmbeddedDatabase } from "@/lib/env";
import { cliActor, parse, UsageError } from "./args";

export const dedupHelp = `Usage: edgewise dedup --domain SLUG [--threshold 0.8] [--json]

Find near-duplicate prompts: MinHash signatures of word 5-gram shingles, LSH bands stored in
the database (so only prompts not hashed yet are hashed), pairs confirmed by their exact
Jaccard similarity and grouped into clusters. In the domain, every cluster member but its
representative (the first imported with a reference answer, else the first imported) is
flagged near-duplicate and left out of runs, review queues and exports; pairs across domains
are reported, not flagged. Pairs a lead unflagged stay unflagged.

Options:
  --domain SLUG      the domain to check (its prompts are compared with the whole pool)
  --threshold T      Jaccard similarity (0.5–1) at or above which two prompts are
                     near-duplicates; saved as the domain's threshold (default: the domain's, 0.8)
  --json             print the summary as one JSON object

Works on the database directly (DATABASE_URL or the embedded one), also when a token is set.
Exit status: 0 on success, 1 on failure, 2 on bad usage.`;

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

  // With a token set, main.ts did not open the database: the pass always works on it directly.
  const database = usesEmbeddedDatabase() ? await ensureDatabase() : null;
  try {
    const { pass, summary } = await runDomainNearDupNow(opts.domain, { id: null, email: cliActor() }, { threshold: opts.threshold });
    if (opts.json) console.log(JSON.stringify({ passId: pass.id, domain: opts.domain, ...summary }));
    else console.log(describe(pass.id, opts.domain, summary));
    return 0;
  } finally {
    if (database) {
      await disconnect();
      await database.stop();
    }
  }
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
