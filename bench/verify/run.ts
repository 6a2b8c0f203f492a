// npm run bench:verify [-- --checks N]
// Math verification throughput on one core, for typical answers: GSM8K-style worked
// solutions ending in the common answer styles (\boxed{}, ####, "the answer is", fractions,
// thousands separators, units, percents), half right and half wrong. Compared in the same
// run with the floor of any verifier — JSON.parse + "last number" regex + string compare —
// and, last, with the goal of 5,000 checks per second.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { verifyMath } from "@/lib/verify/math";

const { values } = parseArgs({ options: { checks: { type: "string", default: "100000" } } });
const N = Number(values.checks);
const GOAL = 5000;

const gsm8k = fs
  .readFileSync(path.resolve("lib/demo/data/gsm8k.sample.jsonl"), "utf8")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l) as { answer: string });

// Deterministic variety: each reference answer shown in several styles, right or wrong.
const styles: ((work: string, ans: string) => string)[] = [
  (w, a) => `${w}\nThe final answer is $\\boxed{${a}}$.`,
  (w, a) => `${w}\n#### ${a}`,
  (w, a) => `${w}\nSo the answer is ${a}.`,
  (w, a) => `${w}\nAnswer: $${Number(a).toLocaleString("en")}`,
  (w, a) => `${w}\nThat makes \\boxed{\\frac{${Number(a) * 2}}{2}} in total.`,
  (w, a) => `${w}\nTherefore, the total is ${a} dollars.`,
];
const pairs = Array.from({ length: 2000 }, (_, i) => {
  const item = gsm8k[i % gsm8k.length];
  const [work, gold] = item.answer.split("####").map((s) => s.trim());
  const right = i % 2 === 0;
  const shown = right ? gold : String(Number(gold.replace(/,/g, "")) + 1 + (i % 7));
  return JSON.stringify({ gold, response: styles[i % styles.length](work.replace(/<<[^>]*>>/g, ""), shown.replace(/,/g, "")) });
});

function time(label: string, check: (line: string) => boolean): number {
  let correct = 0;
  const t = performance.now();
  for (let i = 0; i < N; i++) if (check(pairs[i % pairs.length])) correct++;
  const perSecond = N / ((performance.now() - t) / 1000);
  console.log(`  ${label.padEnd(44)} ${Math.round(perSecond).toLocaleString("en").padStart(9)} checks/s   (${((100 * correct) / N).toFixed(1)}% correct)`);
  return perSecond;
}

console.log(`math verification, ${N.toLocaleString("en")} checks on one core:`);
time("warm-up", (l) => verifyMath(JSON.parse(l).response, JSON.parse(l).gold).correct);
const floor = time("floor: JSON.parse + last number + compare", (l) => {
  const { response, gold } = JSON.parse(l);
  const nums = response.match(/-?\d[\d,]*(?:\.\d+)?/g);
  return !!nums && nums[nums.length - 1].replace(/,/g, "") === gold.replace(/,/g, "");
});
const real = time("edgewise verifyMath (JSON.parse included)", (l) => {
  const { response, gold } = JSON.parse(l);
  return verifyMath(response, gold).correct;
});
console.log(`share of the floor's speed: ${(real / floor).toFixed(2)}`);
console.log(`ratio (checks/s / goal ${GOAL.toLocaleString("en")}): ${(real / GOAL).toFixed(2)} (goal >= 1)`);
