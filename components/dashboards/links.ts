// Links from dashboard numbers to the candidates list. Only filters GET /api/candidates accepts
// (domain, band, stage, passes & k): an unknown parameter is a 400 there.

export function candidatesLink(filter: { domain?: string; band?: string; stage?: string; passes?: number; k?: number }): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value !== undefined) params.set(key, String(value));
  const q = params.toString();
  return q ? `/candidates?${q}` : "/candidates";
}

/** The candidate stage that matches a review status, where one does (open/adjudication do not). */
export const stageOfStatus: Record<string, string | undefined> = { accepted: "accepted", rejected: "rejected" };
