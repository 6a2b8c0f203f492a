import { describe, expect, it } from "vitest";
import { readChoice, readUsage, splitThinking } from "./completion";

describe("splitThinking", () => {
  it("keeps the thinking apart from the answer", () => {
    expect(splitThinking("<think>maybe \\boxed{3}</think>\nThe answer is \\boxed{4}")).toEqual({ answer: "The answer is \\boxed{4}", thinking: "maybe \\boxed{3}", unfinished: false });
  });
  it("takes a closer without an opener (the template opened it) as thinking before it", () => {
    expect(splitThinking("reasoning \\boxed{3}</think>\\boxed{4}")).toEqual({ answer: "\\boxed{4}", thinking: "reasoning \\boxed{3}", unfinished: false });
  });
  it("an answer only inside unfinished thinking is no answer", () => {
    expect(splitThinking("<think>so it is \\boxed{4}")).toEqual({ answer: "", thinking: "so it is \\boxed{4}", unfinished: true });
  });
  it("several blocks, and a configurable tag pair", () => {
    expect(splitThinking("<think>a</think>x<think>b</think>y")).toMatchObject({ answer: "xy", thinking: "a\n\nb" });
    expect(splitThinking("[[R]]hm[[/R]] 42", { open: "[[R]]", close: "[[/R]]" })).toMatchObject({ answer: "42", thinking: "hm" });
    expect(splitThinking("<think>untouched</think> 42", { open: "[[R]]", close: "[[/R]]" }).thinking).toBeNull();
  });
  it("leaves content without tags alone", () => {
    expect(splitThinking("just 4")).toEqual({ answer: "just 4", thinking: null, unfinished: false });
  });
});

describe("readChoice", () => {
  it("reads reasoning_content and reasoning fields beside the content", () => {
    expect(readChoice({ message: { content: "4", reasoning_content: "think" }, finish_reason: "stop" })).toMatchObject({ text: "4", reasoning: "think", finishReason: "stop" });
    expect(readChoice({ message: { content: "4", reasoning: "r" }, finish_reason: "stop" })).toMatchObject({ reasoning: "r" });
  });
  it("content null is a refusal, a filter stop, or thinking cut off — otherwise malformed", () => {
    expect(readChoice({ message: { content: null, refusal: "no" }, finish_reason: "stop" })).toMatchObject({ text: "", refusal: "no" });
    expect(readChoice({ message: { content: null }, finish_reason: "content_filter" })).toMatchObject({ finishReason: "content_filter" });
    expect(readChoice({ message: { content: null, reasoning_content: "long" }, finish_reason: "length" })).toMatchObject({ text: "", reasoning: "long" });
    expect(readChoice({ message: { content: null }, finish_reason: "stop" })).toBeNull();
    expect(readChoice({ message: {} })).toBeNull();
  });
});

describe("readUsage", () => {
  it("reads reasoning tokens, billed inside completion tokens", () => {
    expect(readUsage({ prompt_tokens: 5, completion_tokens: 100, completion_tokens_details: { reasoning_tokens: 80 } }, "", [])).toEqual({ promptTokens: 5, completionTokens: 100, reasoningTokens: 80 });
    // A server reporting reasoning beside the completion still bills both.
    expect(readUsage({ prompt_tokens: 5, completion_tokens: 10, completion_tokens_details: { reasoning_tokens: 80 } }, "", []).completionTokens).toBe(80);
  });
});
