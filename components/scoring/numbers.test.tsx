import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { PassRateHistogram, SampleView } from "@/lib/scoring/queries";
import { HistogramCard } from "./histogram-card";
import { SamplesTable } from "./samples-table";

const sample = (over: Partial<SampleView>): SampleView => ({
  runId: 1, role: "target", index: 0, response: "The answer is 4", extracted: "4", correct: true, reason: "equal",
  score: null, promptTokens: 10, completionTokens: 20, latencyMs: 150, errorKind: null, error: null,
  reasoning: null, reasoningTokens: 0, finishReason: "stop", ...over,
});

describe("SamplesTable judge row", () => {
  it("shows a judge row as its 1–10 score, not as a ✓ among the k", () => {
    const html = renderToStaticMarkup(
      <SamplesTable samples={[sample({ index: 0 }), sample({ role: "judge", index: 0, correct: true, score: 7, reason: "clear steps" })]} />,
    );
    expect(html).toContain('aria-label="judge score 7 of 10"');
    expect(html).toContain("7/10");
    expect(html.match(/aria-label="correct"/g)).toHaveLength(1); // only the target sample
    expect(html).toContain("1 of 1 target samples");
  });
});

describe("HistogramCard", () => {
  const h = (over: Partial<PassRateHistogram>): PassRateHistogram => ({
    k: 8, bins: Array.from({ length: 9 }, (_, p) => ({ passes: p, label: `${p}/8`, count: 0, band: "teachable" as const })),
    unverifiable: 0, bandLow: 0.1, bandHigh: 0.9, otherK: [], ...over,
  });

  it("says which k its bars are and what it left out at another k", () => {
    const html = renderToStaticMarkup(<HistogramCard histogram={h({ otherK: [{ k: 4, candidates: 120 }] })} />);
    expect(html).toContain("k = 8");
    expect(html).toContain("left out: 120 at k = 4");
    expect(renderToStaticMarkup(<HistogramCard histogram={h({})} />)).not.toContain("left out");
  });
});
