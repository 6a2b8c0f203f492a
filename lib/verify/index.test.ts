import { describe, expect, it } from "vitest";
import { answerVerifier, choicesOf, codeTestsOf, verifyAnswer } from "./index";
import { buildJudgeRequest, parseJudgeVerdict } from "./judge";

describe("verifyAnswer", () => {
  it("dispatches on the answer kind", async () => {
    expect((await verifyAnswer("math", "so \\boxed{\\frac12}", "0.5")).correct).toBe(true);
    expect((await verifyAnswer("math", "#### 17", "18")).correct).toBe(false);
    expect((await verifyAnswer("mcq", "The answer is (C).", "C")).correct).toBe(true);
    expect((await verifyAnswer("mcq", "I pick Paris", "B", { choices: ["Lyon", "Paris"] })).correct).toBe(true);
    expect((await verifyAnswer("exact", "Mitochondria.", "mitochondria")).correct).toBe(true);
  });

  it("code runs the tests from the candidate's metadata", async () => {
    const tests = codeTestsOf({ tests: ["assert add(1, 2) == 3"], task_id: 1 })!;
    const ok = await verifyAnswer("code", "```python\ndef add(a, b):\n    return a + b\n```", "", { tests });
    expect(ok).toMatchObject({ correct: true, reason: "passed 1/1 tests" });
    const bad = await verifyAnswer("code", "```python\ndef add(a, b):\n    return a - b\n```", "", { tests });
    expect(bad.correct).toBe(false);
  });

  it("setup code runs before the asserts", async () => {
    const tests = codeTestsOf({ tests: ["assert f() == K"], test_setup_code: "K = 5" })!;
    expect(tests).toEqual(["K = 5", "assert f() == K"]);
    expect((await verifyAnswer("code", "```python\ndef f():\n    return 5\n```", "", { tests })).correct).toBe(true);
  });

  it("reads tests and choices only when the metadata has them", () => {
    expect(codeTestsOf(null)).toBeNull();
    expect(codeTestsOf({ tests: [] })).toBeNull();
    expect(codeTestsOf({ tests: "assert x" })).toBeNull();
    expect(choicesOf({ choices: ["a", "b"], subject: "x" })).toEqual(["a", "b"]);
    expect(choicesOf({ solution: "…" })).toBeUndefined();
  });
});

describe("answerVerifier", () => {
  // The same verdicts as verifyAnswer, one reference against many responses.
  const cases: [string, string[]][] = [
    ["18", ["#### 18", "so \\boxed{18}", "#### 17", "The answer is 18.", "no idea", "18.0", "#### 18", "\\boxed{\\frac{36}{2}}"]],
    ["0.5", ["\\boxed{\\frac12}", "1/2", "50%", "#### 0.5", "answer: 0.25"]],
    ["Worked: 3 + 4 = 7. #### 7", ["7", "the answer is 7", "#### 8", "A: 7"]],
    ["[0,9)", ["\\boxed{[0,9)}", "\\boxed{(0,9)}", "(0, 9)"]],
    ["7,425,000", ["7425000", "#### 7,425,000", "7.425e6", "7424999"]],
  ];
  it.each(cases)("math against %s", async (gold, responses) => {
    const check = answerVerifier("math", gold);
    for (const r of [...responses, ...responses]) expect(await check(r)).toEqual(await verifyAnswer("math", r, gold));
  });
  it("other kinds delegate to verifyAnswer", async () => {
    const check = answerVerifier("mcq", "B", { choices: ["Lyon", "Paris"] });
    for (const r of ["Answer: B", "I pick Paris", "(A)", "Answer: B"]) expect(await check(r)).toEqual(await verifyAnswer("mcq", r, "B", { choices: ["Lyon", "Paris"] }));
  });
});

describe("judge", () => {
  it("builds a deterministic request with the tagged sections", () => {
    const r = buildJudgeRequest({ prompt: "What is 2+2?", reference: "4", response: "4", rubric: "steps" });
    expect(r.temperature).toBe(0);
    expect(r.messages[0].role).toBe("system");
    expect(r.messages[1].content).toContain("<reference>\n4\n</reference>");
    expect(r.messages[1].content).toContain("<rubric>\nsteps\n</rubric>");
  });

  it("parses a structured verdict, also wrapped in prose or fences", () => {
    expect(parseJudgeVerdict('{"correct": true, "score": 7, "reason": "same value"}')).toEqual({
      correct: true,
      extracted: "7",
      reason: "same value",
      score: 7,
    });
    const fenced = parseJudgeVerdict('Here:\n```json\n{"correct": false, "score": "3"}\n```');
    expect(fenced).toMatchObject({ correct: false, score: 3, reason: "judge: does not match" });
  });

  it("a reply that is not a verdict is wrong with a reason, never a throw", () => {
    expect(parseJudgeVerdict("I think it is fine")).toMatchObject({ correct: false, score: null });
    expect(parseJudgeVerdict('{"correct": true, "score": 42}').score).toBeNull();
  });
});
