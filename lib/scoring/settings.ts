import crypto from "node:crypto";

// A scoring's identity: which model answered, where, and how it was sampled. A scaling run
// skips candidates already scored under the same hash; any change (another model, another
// temperature, another teacher) means the old pass rates do not describe the new setting.
// The judge is not part of it: it adds a second signal but does not move a pass rate.

export interface SamplingSettings {
  model: string;
  baseUrl: string;
  k: number;
  temperature: number;
  maxTokens: number;
  teacher?: { model: string; baseUrl: string; k: number; agreement: number } | null;
}

const normaliseUrl = (u: string) => u.trim().replace(/\/+$/, "").toLowerCase();

export function settingsHash(s: SamplingSettings): string {
  // Fixed key order, so the hash does not depend on how the object was built.
  const canonical = [
    "v1",
    s.model,
    normaliseUrl(s.baseUrl),
    s.k,
    s.temperature,
    s.maxTokens,
    s.teacher ? [s.teacher.model, normaliseUrl(s.teacher.baseUrl), s.teacher.k, s.teacher.agreement] : null,
  ];
  return crypto.createHash("sha256").update(JSON.stringify(canonical)).digest("hex");
}
