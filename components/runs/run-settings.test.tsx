import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { bandFact, RunSettings } from "./run-settings";
import type { RunView } from "./run-view";

const run = (over: Partial<RunView> = {}): RunView => ({
  id: 7, domainId: 1, domain: "math", domainName: "Math", phase: "exploration", mode: "live", status: "done", targetEndpointId: 1, targetEndpointIds: [1],
  k: 8, temperature: 1, maxTokens: 1024, sampleSize: 200, filters: {}, teacherEndpointId: 2, teacherK: 4, teacherAgreement: 0.5,
  judgeEndpointId: 3, judgeRubric: null, settingsHash: "h", parentRunId: 5, bandLow: 0.1, bandHigh: 0.9, errorMessage: null,
  createdBy: "lead@x", createdAt: "2026-12-07T08:00:00Z", startedAt: null, finishedAt: null, total: 200, completed: 200, samples: 1600,
  sampleErrors: 0, errorsByKind: {}, promptTokens: 0, completionTokens: 0, costUsd: 0,
  reasoningEffort: null, truncatedAs: "wrong", reasoningTokens: 0, truncatedSamples: 0, ...over,
});
const ep = (name: string) => ({ name, model: `${name}-model`, simulated: false });

describe("RunSettings", () => {
  it("names the teacher and judge endpoints and links the run to its continuations both ways", () => {
    const html = renderToStaticMarkup(
      <RunSettings
        run={run()}
        endpoints={{ target: ep("Target A"), teacher: ep("Teacher B"), judge: ep("Judge C") }}
        continuedBy={[{ id: 9, phase: "scaling", status: "running" }, { id: 11, phase: "scaling", status: "queued" }]}
        todayBand={{ low: 0.1, high: 0.9 }}
      />,
    );
    expect(html).toContain("Teacher B");
    expect(html).toContain("Judge C");
    expect(html).not.toMatch(/#2|#3/);
    expect(html).toContain('href="/runs/5"');
    expect(html).toContain('href="/runs/9"');
    expect(html).toContain('href="/runs/11"');
  });

  it("says a deleted endpoint is deleted", () => {
    const html = renderToStaticMarkup(<RunSettings run={run()} endpoints={{ target: null, teacher: null, judge: null }} continuedBy={[]} todayBand={{ low: 0.1, high: 0.9 }} />);
    expect(html).toContain("deleted endpoint #3");
  });
});

describe("bandFact", () => {
  it("shows the band at run time, and today's when it moved", () => {
    expect(bandFact(run(), { low: 0.1, high: 0.9 })).toBe("0.1–0.9");
    expect(bandFact(run(), { low: 0.2, high: 0.8 })).toBe("0.1–0.9 at run time · today 0.2–0.8");
    expect(bandFact(run({ bandLow: null, bandHigh: null }), { low: 0.2, high: 0.8 })).toBe("0.2–0.8 (today; not recorded at run time)");
  });
});
