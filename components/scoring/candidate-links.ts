// Links from the scoring views (band counts, histogram bars) to the Candidates list. Only
// parameters GET /api/candidates and the list page accept: an unknown one is a 400 there.

export type CandidateLinkScope = { domain: string } | { run: number };

export function candidatesHref(scope: CandidateLinkScope, filter: { band?: string; passes?: number; k?: number }): string {
  const params = new URLSearchParams("run" in scope ? { run: String(scope.run) } : { domain: scope.domain });
  if (filter.band) params.set("band", filter.band);
  if (filter.passes !== undefined && filter.k !== undefined) {
    params.set("passes", String(filter.passes));
    params.set("k", String(filter.k));
  }
  return `/candidates?${params}`;
}
