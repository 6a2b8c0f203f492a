import fs from "node:fs";
import readline from "node:readline";
import { DOMAINS, prng } from "../import/generate";

// Planted near-copies of a bench:import pool: ~2 % of its good lines, each copied once with one
// of the edits a web-gathered pool is full of. The copies go to their own file (imported as a
// second batch); the ground truth is the (original, copy) prompt pairs.

const WORDS = "the a of to and in is that for it value find compute sum prime energy mass cell array list node how what".split(" ");

type Edit = (words: string[], rand: () => number) => string[];

const pick = <T>(xs: readonly T[], rand: () => number) => xs[Math.floor(rand() * xs.length)];

/** Each edit and the similarity it usually lands at for a ~70-word prompt. */
export const EDITS: Record<string, Edit> = {
  // J = 1 (a different exact-dup key, the same words)
  punctuation: (w) => w.map((x, i) => (i % 7 === 3 ? `${x},` : i % 11 === 5 ? ` ${x}  ` : x)).concat("!!"),
  // J ≈ 0.95
  renumbered: (w) => ["Problem", `${Number.parseInt(w[1] ?? "0", 10) + 7}:`, ...w.slice(2)],
  // J ≈ 0.87
  reworded: (w, r) => {
    const out = [...w];
    const at = 2 + Math.floor(r() * (out.length - 2));
    out[at] = pick(WORDS, r) === out[at] ? "quantity" : pick(WORDS, r);
    return out;
  },
  // J ≈ 0.75–0.8
  reworded2: (w, r) => {
    const out = [...w];
    const half = Math.floor(out.length / 2);
    out[2 + Math.floor(r() * (half - 2))] = "quantity";
    out[half + Math.floor(r() * (out.length - half))] = "amount";
    return out;
  },
  // J ≈ 0.8–0.9: the two halves swapped (sentences moved)
  shuffled: (w) => {
    const cut = Math.floor(w.length / 2);
    return [...w.slice(cut), ...w.slice(0, cut)];
  },
  // J ≈ 0.85: the last ~8 % dropped
  truncated: (w) => w.slice(0, Math.max(5, Math.round(w.length * 0.92))),
};

export interface PlantedPair {
  domain: string;
  original: string;
  copy: string;
  edit: string;
}

/** Read the pool, choose ~share of its good lines, write their copies to `out`. */
export async function plant(poolFile: string, out: string, share = 0.02, seed = 99): Promise<PlantedPair[]> {
  const rand = prng(seed);
  const pairs: PlantedPair[] = [];
  const seen = new Set<string>();
  const rl = readline.createInterface({ input: fs.createReadStream(poolFile, { highWaterMark: 1 << 20 }), crlfDelay: Infinity });
  const names = Object.keys(EDITS);
  for await (const line of rl) {
    if (rand() >= share) continue;
    let row: { prompt?: unknown; domain?: unknown };
    try {
      row = JSON.parse(line);
    } catch {
      continue;
    }
    if (typeof row.prompt !== "string" || !DOMAINS.includes(row.domain as never) || seen.has(row.prompt)) continue;
    seen.add(row.prompt);
    const edit = pick(names, rand);
    const copy = EDITS[edit](row.prompt.trim().split(/\s+/), rand).join(" ");
    if (copy === row.prompt) continue;
    pairs.push({ domain: row.domain as string, original: row.prompt, copy, edit });
  }
  fs.writeFileSync(out, pairs.map((p) => JSON.stringify({ prompt: p.copy, domain: p.domain, source: "bench-planted" })).join("\n") + "\n");
  return pairs;
}
