// Which candidates take part in curation (issue 13). A near-duplicate (a non-representative of
// its cluster in the domain) or a prompt contaminated by a benchmark the domain enforces is left
// out of scoring runs, review queues and exports by default. lib/dedup maintains the two columns
// (candidate.near_dup_of, candidate.contaminated) so every reader filters with one cheap
// predicate instead of joining the dedup tables. The SQL twin is pinned by eligible.db.test.ts.

export interface EligibilityFlags {
  nearDupOf: number | null;
  contaminated: boolean;
}

/** The rule: a candidate is eligible when it is neither a near-duplicate nor contaminated. */
export function isEligible(c: EligibilityFlags): boolean {
  return c.nearDupOf === null && !c.contaminated;
}

/** SQL twin of isEligible for a candidate table alias (a trusted identifier, never user input). */
export function eligibleSql(alias: string): string {
  if (!/^[a-z_][a-z0-9_]*$/i.test(alias)) throw new Error(`bad SQL alias ${alias}`);
  return `(${alias}.near_dup_of is null and not ${alias}.contaminated)`;
}
