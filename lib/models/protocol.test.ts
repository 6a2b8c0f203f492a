import { describe, expect, it } from "vitest";
import { adaptationFor, DEFAULT_PROTOCOL, learn, sendsSeveralSamples, tokenParamOf, wireFields } from "./protocol";

const p = DEFAULT_PROTOCOL;
const sent = { model: "m", messages: [], n: 4, temperature: 0, max_tokens: 16 };

describe("adaptationFor", () => {
  it("recognises the providers' own 400s, by param or by message", () => {
    expect(adaptationFor(p, sent, { status: 400, message: "'n' : number must be at most 1" })).toEqual({ kind: "singleSample" });
    expect(adaptationFor(p, sent, { status: 400, param: "n", message: "Unsupported value" })).toEqual({ kind: "singleSample" });
    expect(adaptationFor(p, sent, { status: 400, message: "n > 1 is not supported" })).toEqual({ kind: "singleSample" });
    expect(adaptationFor(p, { model: "m", messages: [], max_completion_tokens: 16 }, { status: 400, message: "Unrecognized request argument supplied: max_completion_tokens" })).toMatchObject({ kind: "tokenParam", param: "max_tokens" });
    expect(adaptationFor(p, sent, { status: 400, message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead." })).toEqual({ kind: "tokenParam", param: "max_completion_tokens" });
    expect(adaptationFor(p, sent, { status: 400, message: "Unsupported value: 'temperature' does not support 0 with this model." })).toEqual({ kind: "noTemperature" });
    expect(adaptationFor(p, { ...sent, reasoning_effort: "high" }, { status: 400, message: "Unrecognized request argument supplied: reasoning_effort" })).toEqual({ kind: "noReasoningEffort" });
  });
  it("leaves other 400s, other statuses and explicit settings alone", () => {
    expect(adaptationFor(p, sent, { status: 400, message: "messages must not be empty" })).toBeNull();
    expect(adaptationFor(p, sent, { status: 401, param: "n", message: "'n'" })).toBeNull();
    expect(adaptationFor(p, sent, { status: 429, message: "'n' : number must be at most 1" })).toBeNull();
    expect(adaptationFor({ ...p, samplesPerRequest: "k" }, sent, { status: 400, param: "n", message: "" })).toBeNull();
    expect(adaptationFor({ ...p, tokenParam: "max_tokens" }, sent, { status: 400, param: "max_tokens", message: "" })).toBeNull();
    expect(adaptationFor({ ...p, temperatureMode: "send" }, sent, { status: 400, param: "temperature", message: "" })).toBeNull();
  });
  it("adapts each way once per request: no ping-pong between token parameters", () => {
    const switched = { model: "m", messages: [], max_completion_tokens: 16 };
    expect(adaptationFor(p, switched, { status: 400, param: "max_completion_tokens", message: "" })).toEqual({ kind: "tokenParam", param: "max_tokens" });
    expect(adaptationFor(p, switched, { status: 400, param: "max_completion_tokens", message: "" }, new Set(["tokenParam"]))).toBeNull();
  });
});

describe("wireFields", () => {
  it("sends what the endpoint takes, as learned", () => {
    expect(wireFields(p, { n: 4, temperature: 0, maxTokens: 16, reasoningEffort: "high" })).toEqual({ n: 4, temperature: 0, max_tokens: 16, reasoning_effort: "high" });
    const first = { ...p, learned: learn(p, { kind: "tokenParam", param: "max_completion_tokens" }) };
    const learned = { ...p, learned: learn(first, { kind: "noTemperature" }) };
    expect(wireFields(learned, { n: 1, temperature: 0, maxTokens: 16 })).toEqual({ max_completion_tokens: 16 });
    expect(tokenParamOf(learned)).toBe("max_completion_tokens");
    expect(sendsSeveralSamples({ ...p, learned: learn(p, { kind: "singleSample" }) })).toBe(false);
    expect(sendsSeveralSamples({ ...p, samplesPerRequest: "1" })).toBe(false);
  });
});
