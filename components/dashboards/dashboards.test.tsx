import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { StatusBin } from "@/lib/stats";
import { rangeLabel } from "./coverage-card";
import { candidatesLink } from "./links";
import { FunnelChart } from "./overview-dashboard";
import { pivotThroughput } from "./reviewers-dashboard";
import { axisCaption, teachableSpan } from "./status-histogram";

const bins = (k: number): StatusBin[] =>
  Array.from({ length: k + 1 }, (_, bin) => ({
    bin,
    low: bin / k,
    high: bin / k,
    label: `${bin}/${k}`,
    total: 1,
    byStatus: { none: 1, open: 0, adjudication: 0, accepted: 0, rejected: 0 },
  }));

describe("status histogram helpers", () => {
  it("shades exactly the bins inside the band, exclusive at both edges", () => {
    expect(teachableSpan(bins(8), 0.1, 0.9)).toEqual(["1/8", "7/8"]);
    expect(teachableSpan(bins(8), 0.25, 0.75)).toEqual(["3/8", "5/8"]); // 2/8 and 6/8 sit on the edges: out
    expect(teachableSpan(bins(8), 0.9, 0.95)).toBeNull();
  });

  it("says which k the axis counts, or that bins are pass rates over several k", () => {
    expect(axisCaption({ k: 8, ks: [8] })).toBe("correct samples out of k = 8");
    expect(axisCaption({ k: null, ks: [4, 8] })).toBe("pass rate (runs at k = 4, 8; bins of 0.1)");
  });
});

describe("links and labels", () => {
  it("links to the candidates list with only its own filters", () => {
    expect(candidatesLink({ domain: "math", passes: 3, k: 8, stage: "accepted" })).toBe("/candidates?domain=math&passes=3&k=8&stage=accepted");
    expect(candidatesLink({})).toBe("/candidates");
  });

  it("names a target range in correct samples of k", () => {
    expect(rangeLabel({ low: 1 / 8, high: 3 / 8 }, 8)).toBe("1–3 of 8");
    expect(rangeLabel({ low: 0.5, high: 0.5 }, 8)).toBe("4 of 8");
    expect(rangeLabel({ low: 0.1, high: 0.4 }, null)).toBe("0.1–0.4");
    expect(rangeLabel({ low: 0, high: 1, label: "all" }, 8)).toBe("all");
  });
});

describe("reviewer throughput", () => {
  it("has a row for every day of the window and a column per reviewer (0 when idle)", () => {
    const today = new Date("2026-12-07T12:00:00Z");
    const { reviewers, data } = pivotThroughput(
      [
        { day: "2026-12-07", reviewerId: "a", reviewer: "ann@x", decisions: 4 },
        { day: "2026-12-05", reviewerId: "b", reviewer: "bob@x", decisions: 2 },
      ],
      3,
      today,
    );
    expect(reviewers).toEqual(["ann@x", "bob@x"]);
    expect(data).toEqual([
      { day: "12-05", "ann@x": 0, "bob@x": 2 },
      { day: "12-06", "ann@x": 0, "bob@x": 0 },
      { day: "12-07", "ann@x": 4, "bob@x": 0 },
    ]);
  });
});

describe("funnel", () => {
  it("labels the chart with its numbers and gives a table whose counts link to candidates", () => {
    const html = renderToStaticMarkup(<FunnelChart funnel={{ imported: 100, scored: 80, teachable: 40, reviewed: 10, accepted: 8 }} />);
    expect(html).toContain('aria-label="Funnel: imported 100, scored 80, teachable 40, reviewed 10, accepted 8"');
    expect(html).toMatch(/data-testid="funnel-teachable"><a[^>]*href="\/candidates\?band=teachable"[^>]*>40</);
    expect(html).toMatch(/data-testid="funnel-accepted"><a[^>]*href="\/candidates\?stage=accepted"[^>]*>8</);
    expect(html).toContain("50%"); // teachable of scored
  });
});
