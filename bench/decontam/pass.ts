// The decontamination pass over every domain of the database DATABASE_URL points at: the
// function bench:decontam times (in a child process, for its own peak RSS) and bench:dedup can
// call after its near-duplicate pass. Run directly, it prints one JSON line.
import { disconnect, pool } from "@/lib/db/client";
import { decontaminate, type DecontamSummary } from "@/lib/dedup";

export interface PassResult {
  candidates: number;
  hits: number;
  contaminated: number;
  /** Index build (once per domain) + scan + storing hits, wall time. */
  seconds: number;
  indexSeconds: number;
  perDomain: DecontamSummary[];
}

export async function decontamPass(opts: { benchmarks?: string[] } = {}): Promise<PassResult> {
  const { rows } = await pool().query<{ id: number }>("select id from domain order by id");
  const started = performance.now();
  const perDomain: DecontamSummary[] = [];
  for (const d of rows) perDomain.push(await decontaminate({ domainId: d.id }, { benchmarks: opts.benchmarks }));
  const sum = (f: (s: DecontamSummary) => number) => perDomain.reduce((n, s) => n + f(s), 0);
  return {
    candidates: sum((s) => s.candidates),
    hits: sum((s) => s.hits),
    contaminated: sum((s) => s.contaminated),
    seconds: (performance.now() - started) / 1000,
    indexSeconds: sum((s) => s.indexMs) / 1000,
    perDomain,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await decontamPass();
  await disconnect();
  // maxRSS: this process's peak resident set, in kB.
  console.log(JSON.stringify({ ...result, perDomain: undefined, peakRssKb: process.resourceUsage().maxRSS }));
}
