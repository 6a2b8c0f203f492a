import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { runInput, type RunFormValues } from "@/components/runs/run-input";
import { ModelPassRates } from "./model-pass-rates";

// Several target models (issue 15): the candidate page's side-by-side pass rates, and the run
// form's list of targets.

const models = [
  { endpointId: 1, position: 0, passes: 7, k: 8, passRate: 7 / 8, name: "strong", model: "sim-strong" },
  { endpointId: 2, position: 1, passes: 2, k: 8, passRate: 2 / 8, name: "weak", model: "sim-target" },
];
const score = (basis: { basis: "primary" | "min" | "mean"; endpointId: null } | { basis: "endpoint"; endpointId: number }) => ({ models, basis, passes: 7, k: 8, passRate: 7 / 8 });

describe("ModelPassRates", () => {
  it("shows each model's pass rate and marks the one the basis picks", () => {
    const html = renderToStaticMarkup(<ModelPassRates score={score({ basis: "min", endpointId: null })} />);
    expect(html).toContain("87.5% (7/8)");
    expect(html).toContain("25.0% (2/8)");
    expect(html).toMatch(/weak<\/span><span[^>]*>\(model 2\)<\/span><span[^>]*>defines the band/);
    expect(html).toMatch(/strong<\/span><span[^>]*>\(primary\)<\/span><\/td>/);
    expect(html).toContain("the lowest pass rate across the run");
  });
  it("under the mean no single model defines the band; one model shows nothing extra", () => {
    expect(renderToStaticMarkup(<ModelPassRates score={score({ basis: "mean", endpointId: null })} />)).not.toContain("defines the band");
    expect(renderToStaticMarkup(<ModelPassRates score={{ ...score({ basis: "primary", endpointId: null }), models: models.slice(0, 1) }} />)).toBe("");
  });
});

describe("runInput", () => {
  const base = {
    domain: "math", targetEndpointId: "3", otherTargetIds: [], phase: "scaling", sampleSize: 10, k: 8, temperature: 1, maxTokens: 64, mode: "live",
    teacherEndpointId: "", teacherK: 4, teacherAgreement: 0.5, judgeEndpointId: "", judgeRubric: "", stage: "", source: "", batchId: "",
    reasoningEffort: "", truncatedAs: "wrong",
  } satisfies RunFormValues;
  it("sends one target as before, several as a list starting with the primary", () => {
    expect(runInput(base).targetEndpointIds).toBeUndefined();
    expect(runInput({ ...base, otherTargetIds: ["5", "3", "4"] })).toMatchObject({ targetEndpointId: 3, targetEndpointIds: [3, 5, 4] });
  });
});
