import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { SampleView } from "@/lib/scoring/queries";
import { BatchReport } from "@/components/runs/batch-report";
import { ErrorsByKind } from "@/components/runs/errors-by-kind";
import { SamplesTable } from "./samples-table";

// The evidence views show model output and uploaded files' text: it must arrive as text, and
// every verdict and failure must be readable without opening anything.

const sample = (over: Partial<SampleView>): SampleView => ({
  runId: 1, role: "target", index: 0, response: "The answer is 4", extracted: "4", correct: true, reason: "equal",
  score: null, promptTokens: 10, completionTokens: 20, latencyMs: 150, errorKind: null, error: null,
  reasoning: null, reasoningTokens: 0, finishReason: "stop", ...over,
});

describe("SamplesTable", () => {
  it("renders each verdict and keeps the response inert", () => {
    const html = renderToStaticMarkup(
      <SamplesTable
        samples={[
          sample({ index: 0 }),
          sample({ index: 1, correct: false, extracted: "5", reason: "5 ≠ 4", response: '<img src=x onerror="window.__pwned=1"> \\boxed{5}' }),
          sample({ index: 2, correct: null, extracted: null, reason: null, response: null, errorKind: "timeout", error: "no answer in 60 s" }),
        ]}
      />,
    );
    expect(html).toContain('aria-label="correct"');
    expect(html).toContain('aria-label="wrong"');
    expect(html).toContain("timeout: no answer in 60 s");
    expect(html).toContain("5 ≠ 4");
    expect(html).toContain("1 of 3 target samples verified correct");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;img src=x");
  });

  it("says so when there are no samples", () => {
    expect(renderToStaticMarkup(<SamplesTable samples={[]} />)).toContain("No samples yet.");
  });
});

describe("ErrorsByKind", () => {
  it("lists kinds with failures in words, and nothing when there are none", () => {
    const html = renderToStaticMarkup(<ErrorsByKind errors={{ rate_limited: 3, malformed: 1200, timeout: 0 }} />);
    expect(html).toContain("rate limited (429): <span");
    expect(html).toContain("1,200");
    expect(html).not.toContain("timeout");
    expect(renderToStaticMarkup(<ErrorsByKind errors={{ timeout: 0 }} />)).toBe("");
  });
});

describe("BatchReport", () => {
  it("counts every outcome and lists problem lines as text", () => {
    const html = renderToStaticMarkup(
      <BatchReport
        report={{ lines: 7, accepted: 3, samples: 24, unknown: 1, rejected: 0, duplicates: 1, errors: 2, settled: 3, runs: [4],
          problems: [{ line: 6, customId: "<b>x</b>", reason: "not an Edgewise custom_id" }, { line: 7, customId: null, reason: "invalid JSON" }] }}
      />,
    );
    expect(html).toContain("Read 7 lines for run #4.");
    expect(html).toContain("Problem lines (2)");
    expect(html).toContain("line 6 (&lt;b&gt;x&lt;/b&gt;): not an Edgewise custom_id");
    expect(html).toContain("line 7: invalid JSON");
  });
});
