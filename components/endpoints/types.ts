import type { EndpointView } from "@/lib/models/endpoints";

/** An endpoint as the browser gets it (dates serialised by the server component). */
export type EndpointRow = Omit<EndpointView, "createdAt" | "updatedAt">;

export type TestResult =
  | { ok: true; answer: string; latencyMs: number; reasoning?: string | null; reasoningTokens?: number; note?: string | null; learned?: string[] }
  | { ok: false; error: { kind: string; message: string; status?: number }; learned?: string[] };
