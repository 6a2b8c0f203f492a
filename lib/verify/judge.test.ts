import { describe, expect, it } from "vitest";
import { parseGradeVerdict } from "./judge";

// The judge as the verifier of answer kind none: a structured grade per sample.
describe("parseGradeVerdict", () => {
  it("reads correct / incorrect / unsure with the judge's reason", () => {
    expect(parseGradeVerdict('{"verdict": "correct", "correct": true, "score": 6, "reason": "Same bound, sound induction."}')).toEqual({
      correct: true, extracted: "correct", reason: "judge graded correct: Same bound, sound induction.", grade: "correct",
    });
    expect(parseGradeVerdict('```json\n{"verdict": "incorrect", "correct": false, "score": 4, "reason": "Off by one."}\n```')).toMatchObject({
      correct: false, grade: "incorrect",
    });
    expect(parseGradeVerdict('{"verdict": "unsure", "correct": false, "score": 5, "reason": "The proof skips a case."}')).toMatchObject({
      correct: false, grade: "unsure", reason: "judge graded unsure: The proof skips a case.",
    });
  });

  it("falls back to `correct` when a judge leaves out the verdict", () => {
    expect(parseGradeVerdict('{"correct": true, "score": 3}')).toMatchObject({ correct: true, grade: "correct", reason: "judge graded correct" });
  });

  it("calls an unreadable reply unsure, never throws", () => {
    expect(parseGradeVerdict("I think it is right.")).toMatchObject({ correct: false, extracted: null, grade: "unsure" });
  });
});
