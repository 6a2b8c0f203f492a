import { describe, expect, it } from "vitest";
import { duration, endLine, progressBar, progressLine, runEnded } from "./progress";

const p = { status: "running", total: 1000, completed: 450, failed: 3, samples: 3600, samplesPerSecond: 12, etaSeconds: 46, bands: { teachable: 200, too_easy: 150, too_hard: 97, unverifiable: 0 } };

describe("runs wait output", () => {
  it("a bar for terminals, a plain line for logs, with the numbers that matter", () => {
    expect(progressBar(7, p, 20)).toBe("run #7 [█████████░░░░░░░░░░░]  45% running · 450/1,000 items · 3 failed · 3,600 samples · 12.0/s · eta 46s");
    expect(progressLine(7, p)).toBe("run #7 running 45% 450/1,000 items · 3 failed · 3,600 samples · 12.0/s · eta 46s");
  });

  it("an ended run shows no rate or eta, and its bands", () => {
    const done = { ...p, status: "done", completed: 1000, etaSeconds: null };
    expect(runEnded("done") && runEnded("failed") && runEnded("cancelled") && !runEnded("paused")).toBe(true);
    expect(endLine(7, done)).toBe("run #7 done: 1,000/1,000 items · 3 failed · 3,600 samples; bands: teachable 200, too_easy 150, too_hard 97");
    expect(progressBar(7, { ...done, total: 0, completed: 0 }, 10)).toContain("[██████████] 100%");
  });

  it("durations read like a person would say them", () => {
    expect([duration(5), duration(75), duration(3 * 3600 + 7 * 60)]).toEqual(["5s", "1m15s", "3h07m"]);
  });
});
