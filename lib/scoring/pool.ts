import { eligibleSql } from "@/lib/candidates/eligible";
import { textConditions } from "@/lib/candidates/search";
import type { RunFilters } from "./schema";

// The candidates a run draws from: one domain narrowed by the run's filters. Shared by run
// creation (which candidates become items) and the exploration projection (how big the
// whole pool is), so both count the same rows. Near-duplicates and contaminated candidates
// (lib/candidates/eligible.ts) are never part of the pool.

/** SQL conditions on `c` (candidate) with their parameters appended to `params`. */
export function poolConditions(domainId: number, filters: RunFilters, params: unknown[]): string {
  const p = (v: unknown) => `$${params.push(v)}`;
  const cond = [`c.domain_id = ${p(domainId)}`, eligibleSql("c")];
  if (filters.stage) cond.push(`c.stage = ${p(filters.stage)}::"CandidateStage"`);
  if (filters.source) cond.push(`c.source = ${p(filters.source)}`);
  if (filters.batchId) cond.push(`c.batch_id = ${p(filters.batchId)}`);
  if (filters.q) cond.push(...textConditions("c.prompt", filters.q, p));
  return cond.join(" and ");
}

/** Not yet scored under these settings (what a scaling run still has to do). */
export function unscoredCondition(settingsHash: string, params: unknown[]): string {
  params.push(settingsHash);
  return `not exists (select 1 from candidate_score s where s.candidate_id = c.id and s.settings_hash = $${params.length})`;
}
