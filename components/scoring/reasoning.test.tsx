import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { SampleView } from "@/lib/scoring/queries";
import { ProtocolSummary } from "@/components/endpoints/protocol-fields";
import type { EndpointRow } from "@/components/endpoints/types";
import { TruncationHint, truncatedShare } from "@/components/runs/truncation-hint";
import { SamplesTable } from "./samples-table";

// Issue 15 on screen: thinking folded apart from the answer, the truncated share with its
// hint, what an endpoint taught Edgewise.

const sample = (over: Partial<SampleView>): SampleView => ({
  runId: 1, role: "target", index: 0, response: "The answer is \\boxed{4}", extracted: "4", correct: true, reason: "equal",
  score: null, promptTokens: 10, completionTokens: 20, latencyMs: 150, errorKind: null, error: null,
  reasoning: null, reasoningTokens: 0, finishReason: "stop", ...over,
});

describe("reasoning on the evidence screens", () => {
  it("shows the thinking folded, labelled as not verified, and inert", () => {
    const html = renderToStaticMarkup(<SamplesTable samples={[sample({ reasoning: "maybe <img src=x onerror=alert(1)> 3", reasoningTokens: 120 })]} />);
    expect(html).toContain('data-testid="reasoning"');
    expect(html).toMatch(/<details[^>]*data-testid="reasoning"/);
    expect(html).toContain("Reasoning (120 tokens) — not read by the verifier");
    expect(html).not.toContain("<img");
  });
  it("shows nothing extra for a model without thinking", () => {
    expect(renderToStaticMarkup(<SamplesTable samples={[sample({})]} />)).not.toContain('data-testid="reasoning"');
  });
});

describe("truncation hint", () => {
  const run = { truncatedSamples: 18, samples: 82, sampleErrors: 18, maxTokens: 1024, truncatedAs: "wrong", reasoningTokens: 0 };
  it("says what share hit max tokens and what to do", () => {
    expect(truncatedShare(run)).toBeCloseTo(0.18);
    const html = renderToStaticMarkup(<TruncationHint run={run} />);
    expect(html).toContain("18 % of samples hit max tokens (1024): raise it");
    expect(html).toContain("They count as wrong");
  });
  it("is absent when nothing was cut off", () => {
    expect(renderToStaticMarkup(<TruncationHint run={{ ...run, truncatedSamples: 0 }} />)).toBe("");
  });
});

describe("endpoint protocol summary", () => {
  it("lists settings that differ from auto and what was learned", () => {
    const e = { samplesPerRequest: "auto", tokenParam: "max_completion_tokens", temperatureMode: "auto", thinkOpen: "<think>", thinkClose: "</think>", learned: ["refuses n > 1: asks for one sample per request"] } as EndpointRow;
    const html = renderToStaticMarkup(<ProtocolSummary e={e} />);
    expect(html).toContain("max_completion_tokens");
    expect(html).toContain("learned: refuses n &gt; 1");
  });
});
