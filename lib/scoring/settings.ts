import crypto from "node:crypto";

// A scoring's identity: which endpoint answered (its id, base URL and model: two endpoints
// serving one model name, say a quantised copy behind another id, are not the same setting),
// and how it was sampled. A scaling run skips candidates already scored under the same hash;
// any change (another endpoint, another temperature, another teacher) means the old pass
// rates do not describe the new setting. The judge is not part of it: it adds a second
// signal but does not move a pass rate.
//
// v2 added the endpoint ids. Rows hashed under v1 stay as they are and read as before (their
// pass rates, bands and runs are untouched); they only stop counting as "same settings" for
// runs created from now on, so the first scaling run after the change scores those
// candidates once more under the v2 hash rather than trusting a hash that could not tell two
// endpoints apart.

/** The endpoint part of a setting. */
export interface EndpointKey {
  id: number;
  model: string;
  baseUrl: string;
}

export interface SamplingSettings {
  target: EndpointKey;
  /** Target models sampled beside the primary (issue 15); none leaves the hash as it was. */
  otherTargets?: EndpointKey[];
  k: number;
  temperature: number;
  maxTokens: number;
  /** Reasoning models: a different effort is a different setting. Absent: the hash is as before. */
  reasoningEffort?: string | null;
  /** How a sample cut off at max tokens counts; "wrong" (the default) leaves the hash as before. */
  truncatedAs?: string;
  teacher?: { endpoint: EndpointKey; k: number; agreement: number } | null;
}

const normaliseUrl = (u: string) => u.trim().replace(/\/+$/, "").toLowerCase();

export function settingsHash(s: SamplingSettings): string {
  // Fixed key order, so the hash does not depend on how the object was built.
  const endpoint = (e: EndpointKey) => [e.id, normaliseUrl(e.baseUrl), e.model];
  const canonical = [
    "v2",
    endpoint(s.target),
    s.k,
    s.temperature,
    s.maxTokens,
    s.teacher ? [endpoint(s.teacher.endpoint), s.teacher.k, s.teacher.agreement] : null,
    ...(s.reasoningEffort ? [["reasoning_effort", s.reasoningEffort]] : []),
    ...(s.truncatedAs === "unverified" ? [["truncated_as", "unverified"]] : []),
    // Appended only when present, so a single-target run keeps the hash it always had.
    ...(s.otherTargets?.length ? [["targets", ...s.otherTargets.map(endpoint)]] : []),
  ];
  return crypto.createHash("sha256").update(JSON.stringify(canonical)).digest("hex");
}
