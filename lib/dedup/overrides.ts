import { recordAuditIn, type Actor } from "@/lib/audit";
import { pool } from "@/lib/db/client";
import { inTransaction } from "@/lib/db/transaction";
import { getDomainBySlug } from "@/lib/domains";
import { getBenchmark, listBenchmarks } from "./benchmarks";
import { refreshContaminated } from "./flags";

// Per domain, a lead may decide that a benchmark does not exclude candidates (say, a code
// domain that wants MMLU-STEM's wording). The hits stay stored and shown; only
// candidate.contaminated follows, for the domain's candidates with hits on that benchmark.

export interface DomainBenchmark {
  id: number;
  name: string;
  releaseDate: string | null;
  builtin: boolean;
  itemCount: number;
  /** Candidates of the domain with a hit on it. */
  hits: number;
  overridden: boolean;
  overriddenBy: string | null;
}

export async function domainBenchmarks(domainId: number): Promise<DomainBenchmark[]> {
  const all = await listBenchmarks();
  const { rows } = await pool().query<{ benchmark_id: number; hits: number; by: string | null; overridden: boolean }>(
    `select b.id as benchmark_id,
            (select count(*)::int from contamination_hit h join candidate c on c.id = h.candidate_id
              where h.benchmark_id = b.id and c.domain_id = $1) as hits,
            o.created_by as by, o.domain_id is not null as overridden
       from benchmark b left join benchmark_override o on o.benchmark_id = b.id and o.domain_id = $1`,
    [domainId],
  );
  const byId = new Map(rows.map((r) => [r.benchmark_id, r]));
  return all.map((b) => ({
    id: b.id, name: b.name, releaseDate: b.releaseDate, builtin: b.builtin, itemCount: b.itemCount,
    hits: byId.get(b.id)?.hits ?? 0, overridden: byId.get(b.id)?.overridden ?? false, overriddenBy: byId.get(b.id)?.by ?? null,
  }));
}

/** Turn a domain's override of a benchmark on or off (audited); returns how many flags changed. */
export async function setBenchmarkOverride(actor: Actor, slug: string, benchmarkId: number, overridden: boolean): Promise<{ overridden: boolean; changed: number }> {
  const domain = await getDomainBySlug(slug);
  const b = await getBenchmark(benchmarkId);
  const changed = await inTransaction(async (c) => {
    const res = overridden
      ? await c.query("insert into benchmark_override (domain_id, benchmark_id, created_by) values ($1, $2, $3) on conflict do nothing", [domain.id, b.id, actor.email ?? actor.id ?? "unknown"])
      : await c.query("delete from benchmark_override where domain_id = $1 and benchmark_id = $2", [domain.id, b.id]);
    if (!res.rowCount) return 0; // already so: nothing to record
    const { rows } = await c.query<{ candidate_id: number }>(
      "select h.candidate_id from contamination_hit h join candidate c on c.id = h.candidate_id where h.benchmark_id = $1 and c.domain_id = $2",
      [b.id, domain.id],
    );
    const n = await refreshContaminated(rows.map((r) => r.candidate_id), c);
    await recordAuditIn(c, {
      actor,
      action: overridden ? "benchmark.override.set" : "benchmark.override.remove",
      target: { type: "domain", id: domain.id },
      details: { domain: slug, benchmark: b.name, benchmarkId: b.id, flagsChanged: n },
    });
    return n;
  });
  return { overridden, changed };
}

export interface ContaminationView {
  benchmarkId: number;
  benchmark: string;
  releaseDate: string | null;
  ngram: string;
  n: number;
  overridden: boolean;
  item: { id: number; line: number; prompt: string; answer: string | null };
}

/** A candidate's hits, with the benchmark item each matched (the candidate page's card). */
export async function candidateContamination(candidateId: number): Promise<ContaminationView[]> {
  const { rows } = await pool().query<ContaminationView>(
    `select h.benchmark_id as "benchmarkId", b.name as benchmark, to_char(b.release_date, 'YYYY-MM-DD') as "releaseDate", h.ngram, h.n,
            exists (select 1 from benchmark_override o where o.benchmark_id = h.benchmark_id and o.domain_id = c.domain_id) as overridden,
            json_build_object('id', i.id, 'line', i.line, 'prompt', i.prompt, 'answer', i.answer) as item
       from contamination_hit h join candidate c on c.id = h.candidate_id join benchmark b on b.id = h.benchmark_id
       join benchmark_item i on i.id = h.benchmark_item_id
      where h.candidate_id = $1 order by b.name`,
    [candidateId],
  );
  return rows;
}
