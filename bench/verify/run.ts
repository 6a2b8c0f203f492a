// npm run bench:verify [-- --checks N]
// Math verification throughput on one core, for typical answers: GSM8K-style worked
// solutions ending in the common answer styles (\boxed{}, ####, "the answer is", fractions,
// thousands separators, units, percents), half right and half wrong. Compared in the same
// run with the floor of any verifier — JSON.parse + "last number" regex + string compare —
// and, last, with the goal of 5,000 checks per second. Then the structured kinds of
// competition answers (sets, intervals, equations, matrices, ...), each on its own.
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

// Structured kinds (issue 12): competition-style answers, right and wrong, each in the form
// a reasoning model writes them, with the problem passed along as the scoring driver does.
type Structured = { response: string; gold: string; prompt: string };
const FIND_ALL = "Find all real solutions.";
const structured: Record<string, Structured[]> = {
  "sets and alternatives": [
    { response: "So the roots are $\\boxed{2}$ and $\\boxed{5}$.", gold: "2, 5", prompt: FIND_ALL },
    { response: "The answer is $3;5;9$.", gold: "\\{3,5,9\\}", prompt: FIND_ALL },
    { response: "Final Answer: $(2,9)$ or $(9,2)$", gold: "(9,2), (2,9)", prompt: "Find all ordered pairs." },
    { response: "Thus $x = \\pm 7$.", gold: "\\{-7, 7\\}", prompt: FIND_ALL },
    { response: "The answer is $2 \\text{ and } 13$.", gold: "2, 11", prompt: FIND_ALL },
  ],
  "intervals and inequalities": [
    { response: "Hence $x \\in (-\\infty, \\tfrac13] \\cup [2, \\infty)$.", gold: "(-\\infty, \\frac{1}{3}] \\cup [2, \\infty)", prompt: "Solve." },
    { response: "The range is $y \\geq -3$.", gold: "[-3, \\infty)", prompt: "Find the range." },
    { response: "$-1 < h(x) < 4$", gold: "(-1, 4)", prompt: "Find the range of h." },
    { response: "The answer is $y > -3$.", gold: "-3 \\leq y", prompt: "Find the range." },
  ],
  "equations, tuples, named values": [
    { response: "The line is $\\boxed{3x-6y+2=0}$.", gold: "y=\\frac12x+\\frac13", prompt: "Find the line." },
    { response: "Therefore $(a,b)=(5,1)$.", gold: "(5,1)", prompt: "Find (a, b)." },
    { response: "The final answer is $PQ=7, RS=2$.", gold: "7, 2", prompt: "Find PQ and RS." },
    { response: "The answer is $m = 6, r = 3$.", gold: "(3, 6)", prompt: "Find m and r." },
  ],
  "matrices, ratios, digit groups": [
    { response: "$$\\boxed{\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}}$$", gold: "\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}", prompt: "Compute." },
    { response: "The ratio is $5:12$.", gold: "10:24", prompt: "What is the ratio?" },
    { response: "So there are $\\boxed{27{,}384}$ ways.", gold: "27384", prompt: "How many?" },
    { response: "The answer is 2 500.", gold: "2500", prompt: "How many?" },
  ],
};

function timeStructured(label: string, cases: Structured[], checks: number): number {
  const lines = cases.map((c) => JSON.stringify(c));
  let correct = 0;
  const t = performance.now();
  for (let i = 0; i < checks; i++) {
    const { response, gold, prompt } = JSON.parse(lines[i % lines.length]) as Structured;
    if (verifyMath(response, gold, { prompt }).correct) correct++;
  }
  const perSecond = checks / ((performance.now() - t) / 1000);
  console.log(`  ${label.padEnd(44)} ${Math.round(perSecond).toLocaleString("en").padStart(9)} checks/s   (${((100 * correct) / checks).toFixed(1)}% correct)`);
  return perSecond;
}

const structuredChecks = Math.max(1000, Math.round(N / 10));
console.log(`structured kinds, ${structuredChecks.toLocaleString("en")} checks each:`);
const rates = Object.entries(structured).map(([label, cases]) => timeStructured(label, cases, structuredChecks));
const slowest = Math.min(...rates);
console.log(`slowest structured kind: ${Math.round(slowest).toLocaleString("en")} checks/s (ratio to goal ${(slowest / GOAL).toFixed(2)})`);
