// What the near-duplicate components receive (JSON from lib/dedup through the API or a page).

export interface PassSummaryView {
  hashed: number;
  proposed: number;
  confirmed: number;
  crossDomain: number;
  flagged: number;
  domains: { domainId: number; threshold: number; clusters: number; flagged: number }[];
  params: { bands: number; rows: number };
  ms: { total: number };
}

export interface PassLive {
  id: number;
  status: "queued" | "running" | "done" | "failed";
  phase: string | null;
  total: number;
  done: number;
  result: PassSummaryView | null;
  errorMessage: string | null;
}

export const passIsLive = (p: PassLive | null) => p !== null && (p.status === "queued" || p.status === "running");
