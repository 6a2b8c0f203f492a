import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { verifyMath } from ".";

// Regression set from the demo data: the 300 GSM8K items, each answered in the styles real
// GSM8K and Qwen2.5-Math outputs use, right and wrong. Agreement with the known truth was
// 100 % before the competition-math rules (issue 12) and must stay so.

const items = fs
  .readFileSync(path.resolve("lib/demo/data/gsm8k.sample.jsonl"), "utf8")
  .trim()
  .split("\n")
  .map((line) => JSON.parse(line) as { question: string; answer: string });

const money = (a: string) => `$${Number(a).toLocaleString("en")}`;
const STYLES: ((work: string, answer: string) => string)[] = [
  (w, a) => `${w}\n#### ${a}`,
  (w, a) => `${w}\nThe final answer is $\\boxed{${a}}$.`,
  (w, a) => `${w}\nSo the answer is ${a}.`,
  (w, a) => `${w}\nTherefore, the total is ${a} dollars.`,
  (w, a) => `${w}\nAnswer: ${money(a)}`,
  (w, a) => `${w}\nSo she has ${a} left in the end.`,
  (w, a) => `Let's think step by step. ${w.replace(/\n/g, " ")} The answer is ${a}`,
  (w, a) => `${w}\nIn total: $${a}$.`,
  (w, a) => `${w}\nThus, the result is \\( ${a} \\).`,
  (w, a) => `${w}\n\n**Final Answer**\n\\[\n\\boxed{${Number(a).toLocaleString("en")}}\n\\]`,
  (w, a) => `${a}`,
  (w, a) => `${w}\nShe earns ${money(a)} per week.`,
];

describe("GSM8K regression set (demo data)", () => {
  it("agrees with the known truth on every styled answer", () => {
    let checks = 0;
    const disagreements: string[] = [];
    items.forEach((item, i) => {
      const [rawWork, gold] = item.answer.split("####").map((s) => s.trim());
      const work = rawWork.replace(/<<[^>]*>>/g, "");
      const goldNumber = Number(gold.replace(/,/g, ""));
      STYLES.forEach((style, s) => {
        for (const right of [true, false]) {
          const shown = right ? String(goldNumber) : String(goldNumber + 1 + ((i + s) % 7));
          const verdict = verifyMath(style(work, shown), item.answer, { prompt: item.question });
          checks++;
          if (verdict.correct !== right) disagreements.push(`item ${i} style ${s} ${right ? "right" : "wrong"}: ${verdict.reason}`);
        }
      });
    });
    expect(checks).toBe(items.length * STYLES.length * 2);
    expect(disagreements).toEqual([]);
  });
});
