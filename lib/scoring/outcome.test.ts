import { describe, expect, it } from "vitest";
import { choiceOutcome } from "./outcome";

const c = (over: object) => ({ text: "4", reasoning: null, finishReason: "stop", refusal: null, unfinishedReasoning: false, ...over });
const run = { maxTokens: 256, truncatedAs: "wrong" as const };

describe("choiceOutcome", () => {
  it("verifies a finished answer", () => expect(choiceOutcome(c({}), run)).toEqual({ kind: "verify" }));
  it("a cut-off answer is wrong, or unverified when the run says so", () => {
    expect(choiceOutcome(c({ finishReason: "length" }), run)).toEqual({ kind: "wrong", reason: "truncated at 256 tokens" });
    expect(choiceOutcome(c({ finishReason: "length" }), { ...run, truncatedAs: "unverified" })).toMatchObject({ kind: "error", errorKind: "truncated" });
  });
  it("refusals and filter stops are their own error kinds", () => {
    expect(choiceOutcome(c({ refusal: "no", text: "" }), run)).toMatchObject({ kind: "error", errorKind: "refusal" });
    expect(choiceOutcome(c({ finishReason: "content_filter", text: "" }), run)).toMatchObject({ kind: "error", errorKind: "content_filter" });
  });
  it("an answer only inside unfinished reasoning does not count", () => {
    expect(choiceOutcome(c({ text: "", unfinishedReasoning: true }), run)).toMatchObject({ kind: "wrong" });
  });
});
