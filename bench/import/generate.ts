// Deterministic generator of a candidate pool like the ones Edgewise imports at Phi-4 scale:
// 3 domains, realistic prompt lengths (log-normal, median ~400 chars, 200–2000), ~1% bad
// lines of varied kinds and ~2% exact duplicates (some with whitespace variations).
// Usage: tsx bench/import/generate.ts [--lines N] [--out FILE]
import fs from "node:fs";
import path from "node:path";
import { once } from "node:events";
import { parseArgs } from "node:util";

export const DOMAINS = ["math", "science", "code"] as const;

const WORDS = (
  "the a of to and in is that for it with as on be at by this from or an are which number value find " +
  "compute prove show integer triangle circle radius probability function sequence sum product prime " +
  "energy force mass velocity acceleration cell protein reaction molecule enzyme charge field wave " +
  "array string list return loop index sort tree graph node edge recursion python test case input output " +
  "let suppose given each two three five total many how what if then such positive real largest smallest"
).split(" ");

/** mulberry32: small, fast, and the same sequence on every machine. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function promptLength(rand: () => number): number {
  // Box–Muller normal → log-normal around ln(400), clamped to the realistic range.
  const z = Math.sqrt(-2 * Math.log(rand() || 1e-9)) * Math.cos(2 * Math.PI * rand());
  return Math.min(2000, Math.max(200, Math.round(Math.exp(Math.log(400) + 0.55 * z))));
}

function text(rand: () => number, length: number, id: number): string {
  const words: string[] = [`Problem ${id}:`];
  let n = words[0].length;
  while (n < length) {
    const w = WORDS[Math.floor(rand() * WORDS.length)];
    words.push(w);
    n += w.length + 1;
  }
  return words.join(" ") + "?";
}

const BAD = [
  () => '{"prompt": "unterminated',
  () => JSON.stringify({ answer: "no prompt" }),
  () => JSON.stringify({ prompt: 12345 }),
  () => JSON.stringify({ prompt: "   " }),
  () => JSON.stringify({ prompt: "unknown domain", domain: "history" }),
  () => "[1, 2, 3]",
];
const INVALID_UTF8 = Buffer.from([0x7b, 0x22, 0x70, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]); // {"p":"\xc3("}

export async function generate(file: string, lines: number, seed = 42): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const rand = prng(seed);
  const out = fs.createWriteStream(file + ".part", { highWaterMark: 1 << 20 });
  const recent: string[][] = DOMAINS.map(() => []); // a window of prompts to duplicate
  for (let i = 0; i < lines; i++) {
    const r = rand();
    const d = Math.floor(rand() * DOMAINS.length);
    let line: string | Buffer;
    if (r < 0.01) {
      line = rand() < 0.15 ? INVALID_UTF8 : BAD[Math.floor(rand() * BAD.length)]();
    } else if (r < 0.03 && recent[d].length) {
      const original = recent[d][Math.floor(rand() * recent[d].length)];
      const prompt = rand() < 0.5 ? original : `  ${original.replace(" ", "   ")} `; // same once normalised
      line = JSON.stringify({ prompt, answer: String(i % 1000), domain: DOMAINS[d], source: "bench" });
    } else {
      const prompt = text(rand, promptLength(rand), i);
      if (recent[d].length < 1000) recent[d].push(prompt);
      else recent[d][Math.floor(rand() * 1000)] = prompt;
      line = JSON.stringify({ prompt, answer: String(Math.floor(rand() * 10000)), domain: DOMAINS[d], source: "bench", metadata: { i } });
    }
    if (!out.write(typeof line === "string" ? line + "\n" : Buffer.concat([line, Buffer.from("\n")]))) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  fs.renameSync(file + ".part", file);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { lines: { type: "string", default: "1400000" }, out: { type: "string" } } });
  const lines = Number(values.lines);
  const file = values.out ?? path.join("bench", "data", `pool-${lines}.jsonl`);
  const t = Date.now();
  await generate(file, lines);
  console.log(`wrote ${file}: ${lines.toLocaleString("en")} lines, ${(fs.statSync(file).size / 1e6).toFixed(0)} MB in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}
